package dev.lantern.testapps.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service with no tracing code that uses a database (property {@code app.db.url}, H2 or
 * PostgreSQL) in the ways real services do. Every answer is plain text.
 *
 * <ul>
 *   <li>{@code /plain/select?id=} – DriverManager connection, {@code Statement.executeQuery} with
 *       literals in the SQL
 *   <li>{@code /pool/select?id=} – HikariCP ({@code app-pool}), prepared statement
 *   <li>{@code /pool/update?id=&name=} – prepared {@code executeUpdate}
 *   <li>{@code /pool/insert-batch?n=} – prepared statement, {@code addBatch} n times
 *   <li>{@code /pool/statement-batch} – {@code Statement.addBatch(sql)} with two updates
 *   <li>{@code /pool/duplicate} – an insert that violates the primary key: 409 and the SQLState
 *   <li>{@code /pool/bad-sql} – a syntax error: 400 and the SQLState
 *   <li>{@code /pool/large?n=} – a select with an IN list of n numbers
 *   <li>{@code /pool/hold?n=} – borrows n connections and keeps them; {@code /pool/release} gives
 *       them back; {@code /pool/wait} borrows one more (waiting while the pool is exhausted)
 *   <li>{@code /pool/try?timeout-ms=} – borrows one connection, giving up after the timeout (503)
 *   <li>{@code /pool/stats} – the pool's figures from HikariCP's own MXBean
 *   <li>{@code /temp/open}, {@code /temp/close} – a second pool, {@code temp-pool}
 *   <li>{@code /orm/pets?name=&n=} – Hibernate: persists n pets in one batch, counts them
 *   <li>{@code /background/statements?sleep-ms=} – on a thread of its own, outside any trace (as a
 *       scheduled job runs), a fast {@code DELETE} and then a statement that sleeps in the database
 * </ul>
 */
public final class JdbcApp {

  private static final Logger log = LoggerFactory.getLogger(JdbcApp.class);

  private final String url = System.getProperty("app.db.url", "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
  private final String user = System.getProperty("app.db.user");
  private final String password = System.getProperty("app.db.password");
  private final HikariDataSource pool;
  private final Orm orm;
  private final List<Connection> held = new ArrayList<>();
  private volatile HikariDataSource temp;

  private JdbcApp() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setPoolName("app-pool");
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(Integer.getInteger("app.pool.max", 4));
    config.setMinimumIdle(1);
    config.setConnectionTimeout(Long.getLong("app.pool.timeout-ms", 30_000L));
    pool = new HikariDataSource(config);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS owners");
      s.execute("CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(100), email VARCHAR(200))");
      s.executeUpdate(
          "INSERT INTO owners (id, name, email) VALUES (1, 'Ann', 'ann@example.com'),"
              + " (2, 'Bob', 'bob@example.com'), (3, 'Cid', 'cid@example.com')");
    }
    if (url.startsWith("jdbc:h2:")) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE ALIAS IF NOT EXISTS SLEEP FOR 'java.lang.Thread.sleep'");
      }
    }
    orm = Boolean.parseBoolean(System.getProperty("app.orm", "true")) ? new Orm(url, user, password) : null;
  }

  public static void main(String[] args) throws Exception {
    JdbcApp app = new JdbcApp();
    HttpServer server =
        HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("app.port", 0)), 50);
    app.register(server);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.start();
    log.info("started on port {}", server.getAddress().getPort());
    System.out.println("APP_READY port=" + server.getAddress().getPort());
  }

  private void register(HttpServer server) {
    route(server, "/plain/select", q -> {
      try (Connection c = DriverManager.getConnection(url, user, password);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT id, name FROM owners WHERE id = " + Integer.parseInt(q.get("id"))
                      + " AND name <> 'secret-literal'")) {
        return rows(rs);
      }
    });
    route(server, "/pool/select", q -> {
      try (Connection c = pool.getConnection();
          PreparedStatement s = c.prepareStatement("SELECT id, name, email FROM owners WHERE id = ?")) {
        s.setInt(1, Integer.parseInt(q.get("id")));
        try (ResultSet rs = s.executeQuery()) {
          return rows(rs);
        }
      }
    });
    route(server, "/pool/update", q -> {
      try (Connection c = pool.getConnection();
          PreparedStatement s = c.prepareStatement("UPDATE owners SET name = ? WHERE id = ?")) {
        s.setString(1, q.get("name"));
        s.setInt(2, Integer.parseInt(q.get("id")));
        return "updated " + s.executeUpdate();
      }
    });
    route(server, "/pool/insert-batch", q -> {
      int n = Integer.parseInt(q.get("n"));
      int base = Integer.parseInt(q.getOrDefault("from", "1000"));
      try (Connection c = pool.getConnection();
          PreparedStatement s = c.prepareStatement("INSERT INTO owners (id, name, email) VALUES (?, ?, ?)")) {
        for (int i = 0; i < n; i++) {
          s.setInt(1, base + i);
          s.setString(2, "owner-" + i);
          s.setString(3, "owner-" + i + "@example.com");
          s.addBatch();
        }
        return "inserted " + s.executeBatch().length;
      }
    });
    route(server, "/pool/statement-batch", q -> {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.addBatch("UPDATE owners SET email = 'first@example.com' WHERE id = 1");
        s.addBatch("UPDATE owners SET email = 'second@example.com' WHERE id = 2");
        return "updated " + s.executeBatch().length;
      }
    });
    route(server, "/pool/duplicate", q -> {
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO owners (id, name, email) VALUES (1, 'Dup', 'dup-secret@example.com')");
        return "inserted?";
      } catch (SQLException e) {
        throw new Answer(409, "sqlstate=" + e.getSQLState());
      }
    });
    route(server, "/pool/bad-sql", q -> {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.executeQuery("SELEC name FROM owners WHERE name = 'typo-secret'");
        return "ran?";
      } catch (SQLException e) {
        throw new Answer(400, "sqlstate=" + e.getSQLState());
      }
    });
    route(server, "/pool/large", q -> {
      int n = Integer.parseInt(q.get("n"));
      StringBuilder sql = new StringBuilder("SELECT count(*) FROM owners WHERE id IN (");
      for (int i = 0; i < n; i++) {
        sql.append(i == 0 ? "" : ", ").append(i + 1);
      }
      sql.append(")");
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql.toString())) {
        rs.next();
        return "length=" + sql.length() + " count=" + rs.getLong(1);
      }
    });
    route(server, "/pool/hold", q -> {
      int n = Integer.parseInt(q.get("n"));
      synchronized (held) {
        for (int i = 0; i < n; i++) {
          held.add(pool.getConnection());
        }
        return "holding " + held.size();
      }
    });
    route(server, "/pool/release", q -> {
      synchronized (held) {
        for (Connection c : held) {
          c.close();
        }
        int n = held.size();
        held.clear();
        return "released " + n;
      }
    });
    route(server, "/pool/wait", q -> {
      try (Connection c = pool.getConnection()) {
        return "got one";
      }
    });
    route(server, "/pool/try", q -> {
      // HikariPool's own getConnection(timeout): lets a test see a timeout without a long wait
      HikariPool hikari = (HikariPool) pool.getHikariPoolMXBean();
      try (Connection c = hikari.getConnection(Long.parseLong(q.get("timeout-ms")))) {
        return "got one";
      } catch (SQLTransientConnectionException e) {
        throw new Answer(503, "timed out");
      }
    });
    route(server, "/pool/stats", q -> {
      HikariPoolMXBean mx = pool.getHikariPoolMXBean();
      return "active=" + mx.getActiveConnections() + " idle=" + mx.getIdleConnections()
          + " total=" + mx.getTotalConnections() + " waiting=" + mx.getThreadsAwaitingConnection()
          + " max=" + pool.getMaximumPoolSize() + " minIdle=" + pool.getMinimumIdle();
    });
    route(server, "/temp/open", q -> {
      HikariConfig config = new HikariConfig();
      config.setPoolName("temp-pool");
      config.setJdbcUrl(url);
      config.setUsername(user);
      config.setPassword(password);
      config.setMaximumPoolSize(2);
      config.setMinimumIdle(2);
      temp = new HikariDataSource(config);
      try (Connection c = temp.getConnection(); Statement s = c.createStatement()) {
        s.execute("SELECT 1");
      }
      return "opened";
    });
    route(server, "/temp/close", q -> {
      temp.close();
      return "closed";
    });
    route(server, "/background/statements", q -> {
      long sleepMs = Long.parseLong(q.get("sleep-ms"));
      String sleep =
          url.startsWith("jdbc:h2:")
              ? "SELECT SLEEP(" + sleepMs + ") FROM owners WHERE id = 1"
              : "SELECT pg_sleep(" + sleepMs / 1000.0 + ") FROM owners WHERE id = 1";
      String[] result = new String[1];
      Thread job =
          new Thread(
              () -> {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                  int deleted = s.executeUpdate("DELETE FROM owners WHERE id = -1");
                  s.executeQuery(sleep).close();
                  result[0] = "deleted " + deleted + ", slept";
                } catch (SQLException e) {
                  result[0] = e.toString();
                }
              },
              "background-job");
      job.start();
      job.join();
      return result[0];
    });
    route(server, "/orm/pets", q -> {
      if (orm == null) {
        throw new Answer(404, "orm off");
      }
      return "count=" + orm.addAndCount(q.get("name"), Integer.parseInt(q.getOrDefault("n", "3")));
    });
  }

  private static String rows(ResultSet rs) throws SQLException {
    StringBuilder out = new StringBuilder();
    int columns = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      for (int i = 1; i <= columns; i++) {
        out.append(i == 1 ? "" : ",").append(rs.getString(i));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** A route's work; it may throw, which answers 500 unless it is an {@link Answer}. */
  private interface Work {
    String run(Map<String, String> query) throws Exception;
  }

  /** An answer other than 200. */
  private static final class Answer extends RuntimeException {
    final int status;

    Answer(int status, String body) {
      super(body, null, false, false);
      this.status = status;
    }
  }

  private static void route(HttpServer server, String path, Work work) {
    HttpHandler handler =
        exchange -> {
          int status = 200;
          String body;
          try {
            body = work.run(query(exchange));
          } catch (Answer a) {
            status = a.status;
            body = a.getMessage();
          } catch (Exception e) {
            log.warn("{} failed", path, e);
            status = 500;
            body = e.toString();
          }
          respond(exchange, status, body);
        };
    server.createContext(path, handler);
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> params = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(
              pair.substring(0, eq),
              java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return params;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
