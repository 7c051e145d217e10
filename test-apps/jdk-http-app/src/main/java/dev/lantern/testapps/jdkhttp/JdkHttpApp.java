package dev.lantern.testapps.jdkhttp;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small service with no tracing code: it answers, fails, reports what headers it received and
 * calls another service (property {@code app.downstream}) with the JDK HttpClient.
 *
 * <ul>
 *   <li>{@code /hello} – 200 "hello"
 *   <li>{@code /headers} – 200, the request headers as "name: value" lines
 *   <li>{@code /call} – calls {@code downstream/headers} with {@code send}, returns its body
 *   <li>{@code /call-async} – the same with {@code sendAsync}
 *   <li>{@code /call-refused} – calls a closed port, answers 502
 *   <li>{@code /fail} – the handler throws
 *   <li>{@code /status/<code>} – answers with that status
 * </ul>
 */
public final class JdkHttpApp {

  private static final Logger log = LoggerFactory.getLogger(JdkHttpApp.class);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String downstream = System.getProperty("app.downstream", "");

  public static void main(String[] args) throws Exception {
    int port = Integer.getInteger("app.port", 0);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    new JdkHttpApp().register(server);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    log.info("started on port {}", server.getAddress().getPort());
    System.out.println("APP_READY port=" + server.getAddress().getPort());
  }

  void register(HttpServer server) {
    server.createContext("/hello", exchange -> {
      log.info("handling hello");
      respond(exchange, 200, "hello");
    });
    server.createContext("/headers", exchange -> {
      log.info("handling headers");
      StringBuilder body = new StringBuilder();
      Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      sorted.putAll(exchange.getRequestHeaders());
      sorted.forEach((name, values) -> body.append(name.toLowerCase()).append(": ")
          .append(String.join(",", values)).append('\n'));
      respond(exchange, 200, body.toString());
    });
    server.createContext("/call", exchange -> {
      try {
        HttpResponse<String> response = client.send(request("/headers"), HttpResponse.BodyHandlers.ofString());
        log.info("called downstream, status {}", response.statusCode());
        respond(exchange, 200, response.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        respond(exchange, 500, e.toString());
      }
    });
    server.createContext("/call-async", exchange -> {
      HttpResponse<String> response =
          client.sendAsync(request("/headers"), HttpResponse.BodyHandlers.ofString()).join();
      log.info("called downstream asynchronously, status {}", response.statusCode());
      respond(exchange, 200, response.body());
    });
    server.createContext("/call-refused", exchange -> {
      try {
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/nothing")).build(),
            HttpResponse.BodyHandlers.ofString());
        respond(exchange, 200, "unexpected");
      } catch (IOException e) {
        log.warn("downstream refused: {}", e.toString());
        respond(exchange, 502, e.getClass().getName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        respond(exchange, 500, e.toString());
      }
    });
    server.createContext("/fail", exchange -> {
      log.error("about to fail");
      throw new IllegalStateException("boom");
    });
    server.createContext("/status", exchange -> {
      String[] segments = exchange.getRequestURI().getPath().split("/");
      int code = Integer.parseInt(segments[2]);
      respond(exchange, code, "status " + code);
    });
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create(downstream + path)).timeout(Duration.ofSeconds(10)).build();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
