package dev.lantern.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lantern.agent.api.db.DbConnectionInfo;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JdbcUrlParserTest {

  record Case(String url, String system, String namespace, String address, int port) {
    @Override
    public String toString() {
      return url;
    }
  }

  private static Case url(String url, String system, String namespace, String address, int port) {
    return new Case(url, system, namespace, address, port);
  }

  static Stream<Case> urls() {
    return Stream.of(
        url("jdbc:postgresql://localhost:5433/shop?user=postgres", "postgresql", "shop", "localhost", 5433),
        url("jdbc:postgresql://db.internal/orders", "postgresql", "orders", "db.internal", 5432),
        url("jdbc:postgresql://h1:5432,h2:5433/app?targetServerType=primary", "postgresql", "app", "h1", 5432),
        url("jdbc:postgresql://[::1]:6543/x", "postgresql", "x", "::1", 6543),
        url("jdbc:postgresql:shop", "postgresql", "shop", null, -1),
        url("JDBC:PostgreSQL://Host:1/Db", "postgresql", "Db", "Host", 1),
        url("jdbc:mysql://root:s3cret@mysql.local:3307/shop?useSSL=false", "mysql", "shop", "mysql.local", 3307),
        url("jdbc:mysql:loadbalance://a:3306,b:3306/lb", "mysql", "lb", "a", 3306),
        url("jdbc:mariadb://maria/shop", "mariadb", "shop", "maria", 3306),
        url("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1", "h2database", "shop", null, -1),
        url("jdbc:h2:mem:", "h2database", null, null, -1),
        url("jdbc:h2:file:/var/data/app;MODE=PostgreSQL", "h2database", "app", null, -1),
        url("jdbc:h2:~/test", "h2database", "test", null, -1),
        url("jdbc:h2:tcp://dbhost:9093/~/sample", "h2database", "sample", "dbhost", 9093),
        url("jdbc:hsqldb:mem:testdb", "hsqldb", "testdb", null, -1),
        url("jdbc:hsqldb:hsql://hs:9002/xdb", "hsqldb", "xdb", "hs", 9002),
        url("jdbc:derby:memory:demo;create=true", "derby", "demo", null, -1),
        url("jdbc:derby://dhost:1528/sample", "derby", "sample", "dhost", 1528),
        url("jdbc:oracle:thin:@orahost:1522:ORCL", "oracle.db", "ORCL", "orahost", 1522),
        url("jdbc:oracle:thin:@//orahost:1521/sales.example.com", "oracle.db", "sales.example.com", "orahost", 1521),
        url("jdbc:oracle:thin:scott/tiger@orahost:1521/svc", "oracle.db", "svc", "orahost", 1521),
        url("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=rac1)(PORT=1525))(CONNECT_DATA=(SERVICE_NAME=hr)))", "oracle.db", "hr", "rac1", 1525),
        url("jdbc:oracle:thin:@tnsalias", "oracle.db", "tnsalias", null, -1),
        url("jdbc:sqlserver://sql.local:1434;databaseName=shop;user=sa;password=pw", "microsoft.sql_server", "shop", "sql.local", 1434),
        url("jdbc:sqlserver://sql.local\\inst1;database=shop", "microsoft.sql_server", "inst1|shop", "sql.local", 1433),
        url("jdbc:jtds:sqlserver://jt:1433/app", "microsoft.sql_server", "app", "jt", 1433),
        url("jdbc:db2://db2host:50001/SAMPLE", "ibm.db2", "SAMPLE", "db2host", 50001),
        url("jdbc:sqlite:/tmp/app.db", "sqlite", null, null, -1),
        url("jdbc:p6spy:postgresql://wrapped:5432/inner", "postgresql", "inner", "wrapped", 5432),
        url("jdbc:clickhouse://ch:8124/default", "clickhouse", "default", "ch", 8124),
        url("jdbc:somethingelse://x:1/y", "other_sql", null, null, -1),
        url("not a url", "other_sql", null, null, -1),
        url("jdbc:postgresql://host:notaport/db", "postgresql", "db", "host", 5432),
        url("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=", "oracle.db", null, null, 1521));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("urls")
  void parses(Case c) {
    DbConnectionInfo info = JdbcUrlParser.parse(c.url());
    assertEquals(c.system(), info.systemName(), "system");
    assertEquals(c.namespace(), info.namespace(), "namespace");
    assertEquals(c.address(), info.serverAddress(), "address");
    assertEquals(c.port(), info.serverPort(), "port");
  }

  @Test
  void nullAndEmpty() {
    assertEquals(DbConnectionInfo.UNKNOWN_SQL, JdbcUrlParser.parse(null));
    assertEquals(DbConnectionInfo.UNKNOWN_SQL, JdbcUrlParser.parse(""));
    assertEquals(DbConnectionInfo.UNKNOWN_SQL, JdbcUrlParser.parse("jdbc:"));
  }

  @Test
  void credentialsNeverSurvive() {
    for (String url :
        new String[] {
          "jdbc:mysql://admin:hunter2@h/db", "jdbc:oracle:thin:admin/hunter2@h:1521/s",
          "jdbc:sqlserver://h;user=admin;password=hunter2", "jdbc:postgresql://h/db?password=hunter2",
        }) {
      assertFalse(JdbcUrlParser.parse(url).toString().contains("hunter2"), url);
    }
  }

  @Test
  void productNames() {
    assertEquals("postgresql", JdbcUrlParser.systemFromProductName("PostgreSQL"));
    assertEquals("h2database", JdbcUrlParser.systemFromProductName("H2"));
    assertEquals("microsoft.sql_server", JdbcUrlParser.systemFromProductName("Microsoft SQL Server"));
    assertEquals("mariadb", JdbcUrlParser.systemFromProductName("MariaDB"));
    assertEquals("other_sql", JdbcUrlParser.systemFromProductName("Frobnicator DB"));
    assertEquals("other_sql", JdbcUrlParser.systemFromProductName(null));
  }
}
