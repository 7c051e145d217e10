package dev.lantern.instrumentation.hikaricp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.lantern.agent.api.AgentConfig;
import dev.lantern.agent.api.AgentRuntime;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real HikariCP pool on H2, registered by hand as the constructor advice would. */
class HikariPoolsTest {

  /** Labels in the metric's own order: the pool name, then the state. */
  private static Double sample(String name, Map<String, String> labels) {
    List<String> names = new java.util.ArrayList<>();
    for (String n : List.of("db_client_connection_pool_name", "db_client_connection_state")) {
      if (labels.containsKey(n)) {
        names.add(n);
      }
    }
    String[] values = names.stream().map(labels::get).toArray(String[]::new);
    return AgentRuntime.registry().getSampleValue(name, names.toArray(new String[0]), values);
  }

  @Test
  void gaugesFollowThePool() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setPoolName("unit-pool");
    config.setJdbcUrl("jdbc:h2:mem:unit_pool");
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(250);
    try (HikariDataSource ds = new HikariDataSource(config)) {
      HikariPoolMXBean pool = ds.getHikariPoolMXBean();
      HikariPools.register(pool, ds);
      Map<String, String> used =
          Map.of("db_client_connection_pool_name", "unit-pool", "db_client_connection_state", "used");
      try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
        assertEquals(2.0, sample("db_client_connection_count", used));
        assertEquals(2.0, sample("db_client_connection_max", Map.of("db_client_connection_pool_name", "unit-pool")));
        long start = System.nanoTime();
        assertThrows(SQLTransientConnectionException.class, ds::getConnection);
        HikariPools.connectionRequested(pool, ds, start, new SQLTransientConnectionException("timeout"));
      }
      HikariPools.connectionRequested(pool, ds, System.nanoTime(), null);
      assertEquals(0.0, sample("db_client_connection_count", used));
      assertEquals(1.0, sample("db_client_connection_timeouts_total", Map.of("db_client_connection_pool_name", "unit-pool")));
      assertEquals(
          1.0, sample("db_client_connection_wait_time_seconds_count", Map.of("db_client_connection_pool_name", "unit-pool")));
      HikariPools.unregister(pool);
      assertNull(sample("db_client_connection_count", used));
    }
  }

  @Test
  void poolBuiltBeforeTheAgentRegistersAtItsFirstRequestButNotAfterShutdown() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:late;DB_CLOSE_DELAY=-1");
    config.setPoolName("late-pool");
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(0);
    Map<String, String> late = Map.of("db_client_connection_pool_name", "late-pool");
    try (HikariDataSource ds = new HikariDataSource(config)) {
      HikariPoolMXBean pool = ds.getHikariPoolMXBean();
      assertNull(sample("db_client_connection_max", late), "not registered: the constructor ran unwoven");
      HikariPools.connectionRequested(pool, ds, System.nanoTime(), null);
      assertEquals(1.0, sample("db_client_connection_max", late));
      assertEquals(1.0, sample("db_client_connection_wait_time_seconds_count", late));
      HikariPools.unregister(pool);
      HikariPools.connectionRequested(pool, ds, System.nanoTime(), null);
      assertNull(sample("db_client_connection_max", late), "a pool shut down is not registered again");
    }
  }

  @Test
  void unknownObjectsAreIgnored() {
    HikariPools.register(new Object(), new HikariConfig());
    HikariPools.register(null, null);
    HikariPools.connectionRequested(new Object(), new HikariConfig(), 0, null);
    HikariPools.connectionRequested(new Object(), null, 0, null);
    assertNull(sample("db_client_connection_wait_time_seconds_count", Map.of("db_client_connection_pool_name", "")));
  }

  @Test
  void followsTheJdbcSwitchUnlessSetItself() {
    HikariCpInstrumentationModule module = new HikariCpInstrumentationModule();
    assertTrue(module.enabledWhenUnset(config(Map.of())));
    AgentConfig jdbcOff = config(Map.of("lantern.instrumentation.jdbc.enabled", "false"));
    assertFalse(module.enabledWhenUnset(jdbcOff));
    assertFalse(jdbcOff.isInstrumentationEnabled("hikaricp", module.enabledWhenUnset(jdbcOff)));
    AgentConfig hikariOn =
        config(
            Map.of(
                "lantern.instrumentation.jdbc.enabled", "false",
                "lantern.instrumentation.hikaricp.enabled", "true"));
    assertTrue(hikariOn.isInstrumentationEnabled("hikaricp", module.enabledWhenUnset(hikariOn)));
  }

  /** Just enough configuration for the switch logic. */
  private static AgentConfig config(Map<String, String> values) {
    return new AgentConfig() {
      @Override
      public String getString(String key) {
        return values.get(key);
      }

      @Override
      public String getString(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
      }

      @Override
      public boolean getBoolean(String key, boolean defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : Boolean.parseBoolean(v);
      }

      @Override
      public int getInt(String key, int defaultValue, int min, int max) {
        return defaultValue;
      }

      @Override
      public double getDouble(String key, double defaultValue, double min, double max) {
        return defaultValue;
      }

      @Override
      public List<String> getList(String key, List<String> defaultValue) {
        return defaultValue;
      }

      @Override
      public boolean isInstrumentationEnabled(String moduleName, boolean enabledByDefault) {
        return getBoolean("lantern.instrumentation." + moduleName + ".enabled", enabledByDefault);
      }
    };
  }
}
