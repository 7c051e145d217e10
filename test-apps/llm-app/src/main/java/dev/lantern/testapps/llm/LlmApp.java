package dev.lantern.testapps.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A small service with no tracing code whose endpoints each make one LLM call to the server named
 * by {@code app.llm} and answer with a deterministic description of what the SDK returned or
 * threw ({@link Scenarios}), so a test can compare runs with and without the agent.
 *
 * <p>{@code GET /llm/<scenario>?fault=<x-test-fault>}: see {@link Scenarios#run}. {@code GET
 * /app-otel/spans}: the spans the application's own OpenTelemetry SDK received (when {@code
 * app.otel=true} registered one as GlobalOpenTelemetry).
 */
public final class LlmApp {

  public static void main(String[] args) throws Exception {
    AppTelemetry.installIfAsked();
    Scenarios scenarios = new Scenarios(System.getProperty("app.llm"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext(
        "/llm/",
        exchange -> {
          String scenario = exchange.getRequestURI().getPath().substring("/llm/".length());
          Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
          String outcome;
          try {
            outcome = scenarios.run(scenario, query.get("fault"));
          } catch (Throwable t) {
            outcome = Scenarios.describe(t);
          }
          respond(exchange, 200, outcome);
        });
    server.createContext(
        "/app-otel/spans", exchange -> respond(exchange, 200, AppTelemetry.describeSpans()));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("APP_READY port=" + server.getAddress().getPort());
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
