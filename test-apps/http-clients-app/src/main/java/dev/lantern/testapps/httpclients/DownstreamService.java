package dev.lantern.testapps.httpclients;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * The service the clients call, on the JDK's HTTP server (so that, under the agent, its SERVER
 * spans show the callers' trace context arriving).
 *
 * <ul>
 *   <li>{@code /headers} – 200, the request method and headers as "name: value" lines
 *   <li>{@code /status/<code>} – that status, body "status <code>"
 *   <li>{@code /redirect} – 302 to {@code /headers}
 *   <li>{@code /slow} – answers after 3 s
 *   <li>{@code /items/<id>} – 200 "item"
 * </ul>
 */
public final class DownstreamService {

  public static void main(String[] args) throws IOException {
    // without TCP_NODELAY each keep-alive exchange waits ~40 ms for a delayed ACK
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server =
        HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("app.port", 0)), 100);
    server.createContext("/headers", DownstreamService::headers);
    server.createContext("/status", exchange -> {
      String[] segments = exchange.getRequestURI().getPath().split("/");
      int code = Integer.parseInt(segments[2]);
      respond(exchange, code, "status " + code);
    });
    server.createContext("/redirect", exchange -> {
      exchange.getResponseHeaders().set("Location", "/headers");
      respond(exchange, 302, "");
    });
    server.createContext("/slow", exchange -> {
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(exchange, 200, "slow");
    });
    server.createContext("/items", exchange -> respond(exchange, 200, "item"));
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.start();
    System.out.println("APP_READY port=" + server.getAddress().getPort());
  }

  private static void headers(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
    StringBuilder body = new StringBuilder("method: " + exchange.getRequestMethod() + "\n");
    Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    sorted.putAll(exchange.getRequestHeaders());
    sorted.forEach((name, values) -> body.append(name.toLowerCase()).append(": ")
        .append(String.join(",", values)).append('\n'));
    respond(exchange, 200, body.toString());
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
