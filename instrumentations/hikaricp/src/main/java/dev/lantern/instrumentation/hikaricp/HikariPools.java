package dev.lantern.instrumentation.hikaricp;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.lantern.agent.api.WeakStore;
import dev.lantern.agent.api.db.ConnectionPoolMetrics;
import java.sql.SQLTransientConnectionException;

/** Connects live HikariCP pools to the shared pool metrics. */
final class HikariPools {

  private static final WeakStore<Object, String> NAMES = new WeakStore<>();

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
    ConnectionPoolMetrics.unregister(pool);
  }

  /** A connection was handed out ({@code error} null) or the caller gave up. */
  static void connectionRequested(Object pool, long startNanos, Throwable error) {
    String name = NAMES.get(pool);
    if (name == null) {
      return;
    }
    if (error == null) {
      ConnectionPoolMetrics.recordWait(name, System.nanoTime() - startNanos);
    } else if (error instanceof SQLTransientConnectionException) {
      ConnectionPoolMetrics.recordTimeout(name);
    }
  }
}
