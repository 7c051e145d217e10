package dev.lantern.demo.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Reading requests and writing JSON answers on the JDK HTTP server, shared by the demo's services. */
public final class Exchanges {

  public static final ObjectMapper JSON = new ObjectMapper();

  private Exchanges() {}

  /** The request body, or null when it is longer than {@code maxBytes}. */
  public static byte[] body(HttpExchange exchange, int maxBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = exchange.getRequestBody()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + n > maxBytes) {
          return null;
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  public static void json(HttpExchange exchange, int status, Object value) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsBytes(value));
  }

  public static void text(HttpExchange exchange, int status, String text) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A required system property, or an exit with a message naming it. */
  public static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      System.err.println("missing system property " + property + " (the demo launcher sets it)");
      System.exit(2);
    }
    return value;
  }
}
