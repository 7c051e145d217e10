package dev.lantern.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lantern.agent.api.db.DbConnectionInfo;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Real H2 connections, plain and behind HikariCP's proxies. */
class ConnectionInfosTest {

  @Test
  void readsTheUrlOfTheDriversConnection() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:infos_plain");
        Statement s = c.createStatement()) {
      DbConnectionInfo info = ConnectionInfos.of(s);
      assertEquals("h2database", info.systemName());
      assertEquals("infos_plain", info.namespace());
      assertSame(info, ConnectionInfos.of(c), "cached per connection");
    }
  }

  @Test
  void poolProxiesShareTheAnswerOfTheirPhysicalConnection() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:infos_pool;DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      DbConnectionInfo first;
      try (Connection proxy = pool.getConnection(); Statement s = proxy.createStatement()) {
        first = ConnectionInfos.of(s);
        assertEquals("infos_pool", first.namespace());
      }
      try (Connection anotherProxy = pool.getConnection()) {
        assertSame(first, ConnectionInfos.of(anotherProxy), "same physical connection, no new lookup");
        assertSame(first, ConnectionInfos.of(anotherProxy.unwrap(Connection.class)));
      }
    }
  }

  @Test
  void closedConnectionsAreUnknownNotAFailure() throws Exception {
    Connection c = DriverManager.getConnection("jdbc:h2:mem:infos_closed");
    Statement s = c.createStatement();
    c.close();
    assertEquals("other_sql", ConnectionInfos.of(s).systemName());
    assertEquals(DbConnectionInfo.UNKNOWN_SQL, ConnectionInfos.of((Connection) null));
  }
}
