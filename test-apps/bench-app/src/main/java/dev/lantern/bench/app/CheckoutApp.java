package dev.lantern.bench.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A checkout service with no observability code. {@code GET /checkout?id=N}: look the product up in
 * H2, ask the pricing service over HTTP ({@code bench.downstream}), publish an order event to Kafka
 * ({@code bench.kafka}, optional), answer. {@code GET /stats}: heap used after a GC, threads, classes.
 */
public final class CheckoutApp {

  private static final int CONNECTIONS = 16;

  public static void main(String[] args) throws Exception {
    long mainUptime = ManagementFactory.getRuntimeMXBean().getUptime();
    System.out.println("BENCH_MAIN_START uptime_ms=" + mainUptime);
    String downstream = System.getProperty("bench.downstream");
    String kafka = System.getProperty("bench.kafka");

    BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(CONNECTIONS);
    for (int i = 0; i < CONNECTIONS; i++) {
      pool.add(DriverManager.getConnection("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1", "sa", ""));
    }
    phase("h2-connections");
    try (Statement ddl = pool.peek().createStatement()) {
      ddl.execute("CREATE TABLE IF NOT EXISTS products (id INT PRIMARY KEY, name VARCHAR(64), price INT)");
      for (int i = 0; i < 100; i++) {
        ddl.execute("MERGE INTO products KEY(id) VALUES (" + i + ", 'product-" + i + "', " + (100 + i) + ")");
      }
    }
    phase("h2-schema");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    phase("http-client");
    KafkaProducer<String, String> producer = kafka == null ? null : producer(kafka);
    phase("kafka-producer");

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("app.port", 0)), 256);
    java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
    server.createContext("/checkout", exchange -> {
      boolean isFirst = first.getAndSet(false);
      if (isFirst) {
        phase("first-request-received");
      }
      int id = productId(exchange.getRequestURI().getQuery());
      try {
        String product = lookUp(pool, id);
        if (isFirst) {
          phase("first-request-query");
        }
        String price = client.send(HttpRequest.newBuilder(URI.create(downstream + "/price?id=" + id)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        if (isFirst) {
          phase("first-request-http-call");
        }
        if (producer != null) {
          producer.send(new ProducerRecord<>("orders", Integer.toString(id), product + ":" + price));
        }
        if (isFirst) {
          phase("first-request-kafka-send");
        }
        respond(exchange, 200, "{\"product\":\"" + product + "\",\"price\":" + price + "}");
      } catch (Exception e) {
        respond(exchange, 500, e.toString());
      }
    });
    server.createContext("/stats", exchange -> {
      System.gc();
      Runtime rt = Runtime.getRuntime();
      long heap = rt.totalMemory() - rt.freeMemory();
      respond(exchange, 200, "heap_used_bytes=" + heap
          + " threads=" + ManagementFactory.getThreadMXBean().getThreadCount()
          + " classes=" + ManagementFactory.getClassLoadingMXBean().getLoadedClassCount()
          + " main_uptime_ms=" + mainUptime);
    });
    server.setExecutor(Executors.newFixedThreadPool(CONNECTIONS));
    server.start();
    System.out.println("APP_READY port=" + server.getAddress().getPort()
        + " uptime_ms=" + ManagementFactory.getRuntimeMXBean().getUptime());
  }

  /** Where the start-up time goes: the JVM's uptime after each step, for the overhead harness's log. */
  private static void phase(String name) {
    System.out.println("BENCH_PHASE " + name + " uptime_ms=" + ManagementFactory.getRuntimeMXBean().getUptime());
  }

  private static int productId(String query) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("id=")) {
          try {
            return Math.floorMod(Integer.parseInt(pair.substring(3)), 100);
          } catch (NumberFormatException ignored) {
            return 1;
          }
        }
      }
    }
    return 1;
  }

  private static String lookUp(BlockingQueue<Connection> pool, int id) throws SQLException, InterruptedException {
    Connection connection = pool.take();
    try (PreparedStatement select = connection.prepareStatement("SELECT name, price FROM products WHERE id = ?")) {
      select.setInt(1, id);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getString(1) : "none";
      }
    } finally {
      pool.put(connection);
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "1");
    props.put("linger.ms", "5");
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
