package dev.lantern.demo.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lantern.demo.common.Exchanges;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: serves the classifier's results from the database. {@code GET /results} lists the
 * latest (optionally {@code ?label=billing}), {@code GET /results/<id>} shows one (404 until the
 * webhook is classified). System properties: {@code demo.http.port}, {@code demo.db.url}.
 */
public final class GatewayService {

  private static final Logger log = LoggerFactory.getLogger(GatewayService.class);
  private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");
  private static final Pattern LABEL = Pattern.compile("[a-z_]{1,40}");
  private static final String COLUMNS = "id, source, excerpt, label, status, error, received_at, classified_at";

  private final DataSource db;

  private GatewayService(DataSource db) {
    this.db = db;
  }

  public static void main(String[] args) throws IOException {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("gateway-db");
    pool.setJdbcUrl(Exchanges.required("demo.db.url"));
    pool.setUsername("demo");
    pool.setPassword("demo");
    pool.setMaximumPoolSize(4);
    pool.setReadOnly(true);
    HikariDataSource db = new HikariDataSource(pool);
    GatewayService gateway = new GatewayService(db);

    HttpServer server =
        HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("demo.http.port", 8081)), 100);
    server.createContext("/results", gateway::handle);
    ExecutorService workers = Executors.newFixedThreadPool(8);
    server.setExecutor(workers);
    server.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(1);
                  workers.shutdown();
                  db.close();
                },
                "gateway-shutdown"));
    System.out.println("READY gateway http=" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        Exchanges.text(exchange, 405, "GET /results or /results/<id>");
        return;
      }
      String rest = exchange.getRequestURI().getPath().replaceFirst("^/results/?", "");
      if (rest.isEmpty()) {
        String label = queryParam(exchange, "label");
        if (label != null && !LABEL.matcher(label).matches()) {
          Exchanges.text(exchange, 400, "label is lower-case letters and _");
          return;
        }
        Exchanges.json(exchange, 200, latest(label));
      } else if (ID.matcher(rest).matches()) {
        Map<String, Object> result = one(rest);
        if (result == null) {
          Exchanges.text(exchange, 404, "no result for " + rest + " yet");
        } else {
          Exchanges.json(exchange, 200, result);
        }
      } else {
        Exchanges.text(exchange, 404, "GET /results or /results/<id>");
      }
    } catch (SQLException e) {
      log.warn("results query failed: {}", e.toString());
      Exchanges.text(exchange, 503, "results are unavailable");
    } finally {
      exchange.close();
    }
  }

  private List<Map<String, Object>> latest(String label) throws SQLException {
    String sql =
        "SELECT " + COLUMNS + " FROM classifications"
            + (label == null ? "" : " WHERE label = ?")
            + " ORDER BY classified_at DESC LIMIT 20";
    try (Connection c = db.getConnection();
        PreparedStatement query = c.prepareStatement(sql)) {
      if (label != null) {
        query.setString(1, label);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
      return rows;
    }
  }

  private Map<String, Object> one(String id) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM classifications WHERE id = ?")) {
      query.setString(1, id);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  private static Map<String, Object> row(ResultSet rs) throws SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", rs.getString("id"));
    row.put("source", rs.getString("source"));
    row.put("excerpt", rs.getString("excerpt"));
    row.put("label", rs.getString("label"));
    row.put("status", rs.getString("status"));
    row.put("error", rs.getString("error"));
    row.put("receivedAt", rs.getTimestamp("received_at").toInstant().toString());
    row.put("classifiedAt", rs.getTimestamp("classified_at").toInstant().toString());
    return row;
  }

  private static String queryParam(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    return null;
  }
}
