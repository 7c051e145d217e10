package dev.lantern.instrumentation.hikaricp;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.lantern.agent.api.db.ConnectionPoolMetrics;
import java.lang.ref.WeakReference;

/**
 * Reads a pool's figures from the pool itself (its MXBean methods, the same numbers HikariCP
 * reports over JMX) and its limits from its configuration, which HikariCP lets change at run time.
 */
final class HikariPoolReader implements ConnectionPoolMetrics.Reader<HikariPoolMXBean> {

  private final WeakReference<HikariConfig> config;

  HikariPoolReader(HikariConfig config) {
    this.config = new WeakReference<>(config);
  }

  @Override
  public int used(HikariPoolMXBean pool) {
    return pool.getActiveConnections();
  }

  @Override
  public int idle(HikariPoolMXBean pool) {
    return pool.getIdleConnections();
  }

  @Override
  public int pending(HikariPoolMXBean pool) {
    return pool.getThreadsAwaitingConnection();
  }

  @Override
  public int max(HikariPoolMXBean pool) {
    HikariConfig c = config.get();
    return c == null ? -1 : c.getMaximumPoolSize();
  }

  @Override
  public int idleMin(HikariPoolMXBean pool) {
    HikariConfig c = config.get();
    return c == null ? -1 : c.getMinimumIdle();
  }
}
