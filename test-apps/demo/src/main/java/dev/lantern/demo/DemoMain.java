package dev.lantern.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: a "shop" service whose {@code /orders/<id>} endpoint asks an "inventory" endpoint over
 * HTTP, plus a little generated traffic. Nothing here mentions tracing or metrics; the agent adds
 * them. Ports: {@code demo.port} (8080) and {@code demo.inventory.port} (8081).
 */
public final class DemoMain {

  private static final Logger log = LoggerFactory.getLogger(DemoMain.class);

  public static void main(String[] args) throws Exception {
    int port = Integer.getInteger("demo.port", 8080);
    int inventoryPort = Integer.getInteger("demo.inventory.port", 8081);
    HttpClient client = HttpClient.newHttpClient();

    HttpServer inventory = HttpServer.create(new InetSocketAddress("127.0.0.1", inventoryPort), 50);
    inventory.createContext("/inventory", exchange -> {
      sleep(ThreadLocalRandom.current().nextInt(5, 40));
      boolean inStock = ThreadLocalRandom.current().nextInt(10) > 0;
      log.info("inventory checked for {}: {}", exchange.getRequestURI().getPath(), inStock ? "in stock" : "sold out");
      respond(exchange, inStock ? 200 : 409, inStock ? "in stock" : "sold out");
    });
    inventory.setExecutor(Executors.newFixedThreadPool(4));
    inventory.start();

    HttpServer shop = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    shop.createContext("/orders", exchange -> {
      String id = exchange.getRequestURI().getPath().replaceFirst("^/orders/?", "");
      try {
        HttpResponse<String> stock =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + inventoryPort + "/inventory/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        log.info("order {} placed, inventory said {}", id, stock.body());
        respond(exchange, stock.statusCode() == 200 ? 201 : 409, "order " + id + ": " + stock.body() + "\n");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        respond(exchange, 503, "interrupted\n");
      }
    });
    shop.setExecutor(Executors.newFixedThreadPool(4));
    shop.start();

    ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "demo-traffic");
      t.setDaemon(true);
      return t;
    });
    traffic.scheduleAtFixedRate(() -> {
      try {
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/" + ThreadLocalRandom.current().nextInt(1000))).build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (Exception e) {
        log.warn("demo traffic failed: {}", e.toString());
      }
    }, 1, 3, TimeUnit.SECONDS);

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      shop.stop(0);
      inventory.stop(0);
      System.out.println("demo stopped");
    }));

    System.out.println();
    System.out.println("Lantern demo is running (Ctrl-C to stop)");
    System.out.println("  place an order:  curl -i -H 'X-Correlation-ID: my-order-1' http://127.0.0.1:" + port + "/orders/42");
    System.out.println("  metrics:         http://localhost:" + System.getProperty("lantern.metrics.port", "9464") + "/metrics");
    System.out.println("  agent health:    http://localhost:" + System.getProperty("lantern.metrics.port", "9464") + "/health/ready");
    System.out.println("  traces:          printed below as '[lantern] span ...' lines (lantern.traces.exporter=logging);");
    System.out.println("                   set LANTERN_TRACES_EXPORTER=otlp to send them to a collector on localhost:4318");
    System.out.println();
    Thread.currentThread().join();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
