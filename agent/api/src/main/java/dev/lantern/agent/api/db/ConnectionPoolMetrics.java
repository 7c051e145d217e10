package dev.lantern.agent.api.db;

import dev.lantern.agent.api.metrics.AgentMetrics;
import dev.lantern.agent.api.metrics.LabeledChildren;
import dev.lantern.agent.api.metrics.SemconvBuckets;
import io.prometheus.client.Collector;
import io.prometheus.client.Counter;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Histogram;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Connection-pool metrics of the semantic conventions, shared by every pool instrumentation.
 *
 * <p>The gauges ({@code db_client_connection_count{state="idle|used"}}, {@code _max}, {@code
 * _idle_min}, {@code _pending_requests}) are read from the live pools at scrape time, through a
 * {@link Reader} the pool instrumentation supplies. Pools are held weakly and dropped when they
 * close or are collected; live pools that share a name are added up, so the exposition never has
 * two series with the same labels. The acquire-time histogram and the timeout counter are
 * recorded as connections are handed out.
 *
 * <pre>{@code
 * ConnectionPoolMetrics.register(pool, "orders-pool", new HikariReader(config));
 * ConnectionPoolMetrics.recordWait("orders-pool", nanos);
 * ConnectionPoolMetrics.unregister(pool);   // when the pool shuts down
 * }</pre>
 */
public final class ConnectionPoolMetrics {

  static final String COUNT = "db_client_connection_count";
  static final String MAX = "db_client_connection_max";
  static final String IDLE_MIN = "db_client_connection_idle_min";
  static final String PENDING = "db_client_connection_pending_requests";
  static final String WAIT_TIME = "db_client_connection_wait_time_seconds";
  static final String TIMEOUTS = "db_client_connection_timeouts_total";
  static final String POOL_NAME = "db_client_connection_pool_name";
  static final String STATE = "db_client_connection_state";

  /** Pool names kept as label values of the histogram and counter; pools come and go in tests. */
  static final int MAX_POOL_NAMES = 100;

  /** Reads one pool's figures; a negative value means unknown and leaves the series out. */
  public interface Reader<P> {
    int used(P pool);

    int idle(P pool);

    int pending(P pool);

    int max(P pool);

    int idleMin(P pool);
  }

  private static final List<Registration<?>> POOLS = new CopyOnWriteArrayList<>();
  private static volatile Recorders recorders;

  private ConnectionPoolMetrics() {}

  /** Starts reporting the pool's gauges (again, when already registered: the name may change). */
  public static <P> void register(P pool, String poolName, Reader<? super P> reader) {
    if (pool == null || reader == null) {
      return;
    }
    recorders();
    unregister(pool);
    POOLS.add(new Registration<>(pool, poolName == null ? "" : poolName, reader));
  }

  /** Stops reporting the pool's gauges; the histogram and counter keep their series. */
  public static void unregister(Object pool) {
    for (Registration<?> r : POOLS) {
      Object p = r.pool.get();
      if (p == null || p == pool) {
        POOLS.remove(r);
      }
    }
  }

  /** Time a caller waited for a connection that it got. */
  public static void recordWait(String poolName, long nanos) {
    recorders().waitTime.get(poolName).observe(nanos / 1e9);
  }

  /** A caller gave up waiting for a connection. */
  public static void recordTimeout(String poolName) {
    recorders().timeouts.get(poolName).inc();
  }

  /** Registered pools still alive; for tests. */
  static int registeredPools() {
    int n = 0;
    for (Registration<?> r : POOLS) {
      if (r.pool.get() != null) {
        n++;
      }
    }
    return n;
  }

  private static Recorders recorders() {
    Recorders r = recorders;
    if (r == null) {
      synchronized (ConnectionPoolMetrics.class) {
        r = recorders;
        if (r == null) {
          r = new Recorders();
          recorders = r;
        }
      }
    }
    return r;
  }

  private static final class Registration<P> {
    final WeakReference<P> pool;
    final String name;
    final Reader<? super P> reader;

    Registration(P pool, String name, Reader<? super P> reader) {
      this.pool = new WeakReference<>(pool);
      this.name = name;
      this.reader = reader;
    }

    /** {used, idle, pending, max, idleMin}, or null when the pool is gone or the reader failed. */
    int[] read() {
      P p = pool.get();
      if (p == null) {
        POOLS.remove(this);
        return null;
      }
      try {
        return new int[] {
          reader.used(p), reader.idle(p), reader.pending(p), reader.max(p), reader.idleMin(p)
        };
      } catch (RuntimeException | LinkageError e) {
        return null; // a pool shutting down may throw; it simply has no figures this scrape
      }
    }
  }

  /** The collectors; created with the first pool so that an app without pools exports nothing. */
  private static final class Recorders {
    final LabeledChildren<Histogram.Child> waitTime;
    final LabeledChildren<Counter.Child> timeouts;

    Recorders() {
      Histogram histogram =
          AgentMetrics.histogram(
              WAIT_TIME,
              "Time it took to obtain a connection from the pool.",
              SemconvBuckets.DB_DURATION_SECONDS,
              POOL_NAME);
      waitTime = new LabeledChildren<>(histogram, WAIT_TIME, 1, MAX_POOL_NAMES);
      Counter counter =
          AgentMetrics.counter(
              TIMEOUTS, "Connection requests that timed out waiting for the pool.", POOL_NAME);
      timeouts = new LabeledChildren<>(counter, TIMEOUTS, 1, MAX_POOL_NAMES);
      AgentMetrics.register(COUNT, PoolGauges::new);
    }
  }

  /** Reads every registered pool at scrape time. */
  static final class PoolGauges extends Collector implements Collector.Describable {

    @Override
    public List<MetricFamilySamples> collect() {
      Map<String, int[]> byName = new TreeMap<>();
      for (Registration<?> r : POOLS) {
        int[] figures = r.read();
        if (figures == null) {
          continue;
        }
        int[] sum = byName.get(r.name);
        if (sum == null) {
          byName.put(r.name, figures);
        } else {
          for (int i = 0; i < sum.length; i++) {
            sum[i] = sum[i] < 0 || figures[i] < 0 ? -1 : sum[i] + figures[i];
          }
        }
      }
      GaugeMetricFamily count = family(COUNT, "Connections in the pool, by state.", POOL_NAME, STATE);
      GaugeMetricFamily max = family(MAX, "Most connections the pool allows.", POOL_NAME);
      GaugeMetricFamily idleMin = family(IDLE_MIN, "Fewest idle connections the pool keeps.", POOL_NAME);
      GaugeMetricFamily pending =
          family(PENDING, "Callers waiting for a connection from the pool.", POOL_NAME);
      for (Map.Entry<String, int[]> e : byName.entrySet()) {
        String name = e.getKey();
        int[] f = e.getValue();
        add(count, f[0], name, "used");
        add(count, f[1], name, "idle");
        add(pending, f[2], name);
        add(max, f[3], name);
        add(idleMin, f[4], name);
      }
      return Arrays.asList(count, max, idleMin, pending);
    }

    @Override
    public List<MetricFamilySamples> describe() {
      return Arrays.asList(
          family(COUNT, "Connections in the pool, by state.", POOL_NAME, STATE),
          family(MAX, "Most connections the pool allows.", POOL_NAME),
          family(IDLE_MIN, "Fewest idle connections the pool keeps.", POOL_NAME),
          family(PENDING, "Callers waiting for a connection from the pool.", POOL_NAME));
    }

    private static GaugeMetricFamily family(String name, String help, String... labels) {
      return new GaugeMetricFamily(name, help, Arrays.asList(labels));
    }

    private static void add(GaugeMetricFamily family, int value, String... labels) {
      if (value >= 0) {
        family.addMetric(Arrays.asList(labels), value);
      }
    }
  }
}
