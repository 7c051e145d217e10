package dev.lantern.agent.api.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lantern.agent.api.AgentRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionPoolMetricsTest {

  /** A stand-in for a pool object: the metrics only ever see it through the reader. */
  static final class FakePool {
    int used;
    int idle;
    int pending;
    int max = 10;
    int idleMin = 2;
    boolean broken;
  }

  static final class FakeReader implements ConnectionPoolMetrics.Reader<FakePool> {
    @Override
    public int used(FakePool p) {
      if (p.broken) {
        throw new IllegalStateException("pool is shutting down");
      }
      return p.used;
    }

    @Override
    public int idle(FakePool p) {
      return p.idle;
    }

    @Override
    public int pending(FakePool p) {
      return p.pending;
    }

    @Override
    public int max(FakePool p) {
      return p.max;
    }

    @Override
    public int idleMin(FakePool p) {
      return p.idleMin;
    }
  }

  private final FakePool a = new FakePool();
  private final FakePool b = new FakePool();

  @AfterEach
  void unregister() {
    ConnectionPoolMetrics.unregister(a);
    ConnectionPoolMetrics.unregister(b);
  }

  private static Double gauge(String name, String pool) {
    return AgentRuntime.registry()
        .getSampleValue(name, new String[] {"db_client_connection_pool_name"}, new String[] {pool});
  }

  private static Double count(String pool, String state) {
    return AgentRuntime.registry()
        .getSampleValue(
            "db_client_connection_count",
            new String[] {"db_client_connection_pool_name", "db_client_connection_state"},
            new String[] {pool, state});
  }

  @Test
  void gaugesAreReadAtScrapeTime() {
    ConnectionPoolMetrics.register(a, "orders", new FakeReader());
    a.used = 3;
    a.idle = 1;
    a.pending = 4;
    assertEquals(3.0, count("orders", "used"));
    assertEquals(1.0, count("orders", "idle"));
    assertEquals(4.0, gauge("db_client_connection_pending_requests", "orders"));
    assertEquals(10.0, gauge("db_client_connection_max", "orders"));
    assertEquals(2.0, gauge("db_client_connection_idle_min", "orders"));
    a.used = 0;
    assertEquals(0.0, count("orders", "used"));
  }

  @Test
  void poolsSharingANameAreAddedUpAndUnregisteredOnesDisappear() {
    ConnectionPoolMetrics.register(a, "shared", new FakeReader());
    ConnectionPoolMetrics.register(b, "shared", new FakeReader());
    a.used = 1;
    b.used = 2;
    assertEquals(3.0, count("shared", "used"));
    assertEquals(20.0, gauge("db_client_connection_max", "shared"));
    ConnectionPoolMetrics.unregister(a);
    assertEquals(2.0, count("shared", "used"));
    ConnectionPoolMetrics.unregister(b);
    assertNull(count("shared", "used"));
    assertNull(gauge("db_client_connection_max", "shared"));
  }

  @Test
  void aPoolThatFailsToAnswerIsLeftOutOfThatScrape() {
    ConnectionPoolMetrics.register(a, "flaky", new FakeReader());
    ConnectionPoolMetrics.register(b, "healthy", new FakeReader());
    a.broken = true;
    assertNull(count("flaky", "used"));
    assertEquals(0.0, count("healthy", "used"));
    a.broken = false;
    assertEquals(0.0, count("flaky", "used"));
  }

  @Test
  void unknownFiguresAreLeftOut() {
    a.max = -1;
    ConnectionPoolMetrics.register(a, "no-max", new FakeReader());
    assertNull(gauge("db_client_connection_max", "no-max"));
    assertEquals(2.0, gauge("db_client_connection_idle_min", "no-max"));
  }

  @Test
  void waitsAndTimeoutsAreRecordedPerPool() {
    ConnectionPoolMetrics.recordWait("w", 2_000_000L);
    ConnectionPoolMetrics.recordWait("w", 3_000_000L);
    ConnectionPoolMetrics.recordTimeout("w");
    assertEquals(2.0, gauge("db_client_connection_wait_time_seconds_count", "w"));
    assertEquals(0.005, gauge("db_client_connection_wait_time_seconds_sum", "w"), 1e-9);
    assertEquals(1.0, gauge("db_client_connection_timeouts_total", "w"));
  }
}
