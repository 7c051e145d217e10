package dev.lantern.instrumentation.hikaricp;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.lantern.agent.api.WeakStore;
import dev.lantern.agent.api.db.ConnectionPoolMetrics;
import java.sql.SQLTransientConnectionException;

/** Connects live HikariCP pools to the shared pool metrics. */
final class HikariPools {

  private static final WeakStore<Object, String> NAMES = new WeakStore<>();
  /** Marks a pool that was shut down, so a late request does not register it again. */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String SHUT_DOWN = new String("<shut down>");

  private HikariPools() {}

  static void register(Object pool, HikariConfig config) {
    if (!(pool instanceof HikariPoolMXBean) || config == null) {
      return;
    }
    String name = config.getPoolName();
    NAMES.put(pool, name == null ? "" : name);
    ConnectionPoolMetrics.register((HikariPoolMXBean) pool, name, new HikariPoolReader(config));
  }

  static void unregister(Object pool) {
    NAMES.put(pool, SHUT_DOWN);
    ConnectionPoolMetrics.unregister(pool);
  }

  /**
   * A connection was handed out ({@code error} null) or the caller gave up. A pool the agent has
   * not seen built (it was built while the agent was starting, before the constructor was woven)
   * is registered here, at its first request.
   */
  static void connectionRequested(Object pool, HikariConfig config, long startNanos, Throwable error) {
    String name = NAMES.get(pool);
    if (name == null) {
      synchronized (HikariPools.class) {
        if (NAMES.get(pool) == null) {
          register(pool, config);
        }
      }
      name = NAMES.get(pool);
    }
    if (name == null || name == SHUT_DOWN) {
      return;
    }
    if (error == null) {
      ConnectionPoolMetrics.recordWait(name, System.nanoTime() - startNanos);
    } else if (error instanceof SQLTransientConnectionException) {
      ConnectionPoolMetrics.recordTimeout(name);
    }
  }
}
