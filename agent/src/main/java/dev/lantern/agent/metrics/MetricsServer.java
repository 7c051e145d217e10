package dev.lantern.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lantern.agent.traceview.TraceStore;
import dev.lantern.agent.traceview.TraceViewHandler;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics port: Prometheus text or OpenMetrics (by the scraper's Accept header) on {@code
 * /metrics} from the agent's own registry, plus {@code /health/live} and {@code /health/ready}.
 *
 * <p>A JDK HttpServer with simpleclient's metrics handler. Requests run on the server's dispatcher
 * thread (the responses are small and fast), so the port adds the dispatcher and the JDK's
 * idle-timeout timer and no pool. Both are daemon threads because the server is started from an
 * agent (daemon) thread.
 */
public final class MetricsServer {

  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Binds and starts, or logs one WARN and returns null when the port cannot be used. */
  public static MetricsServer start(
      String host,
      int port,
      CollectorRegistry registry,
      ReadinessReport readiness,
      DependencyReport dependencies,
      TraceStore traces) {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
      // simpleclient writes a _created sample per series unless an env var says otherwise; the
      // OpenTelemetry Prometheus exporter does not, and they double the series count
      http.createContext(
          "/metrics",
          new HTTPServer.HTTPMetricHandler(registry, () -> name -> !name.endsWith("_created")));
      http.createContext("/health/live", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
      http.createContext(
          "/health/ready",
          exchange -> {
            java.util.List<String> down = dependencies.requiredDown();
            respond(exchange, down.isEmpty() ? 200 : 503, readiness.json(down));
          });
      http.createContext("/health/dependencies", exchange -> respond(exchange, 200, dependencies.json()));
      if (traces != null) {
        http.createContext("/traces", new TraceViewHandler(traces));
      }
      http.start();
      return new MetricsServer(http);
    } catch (BindException e) {
      log.warn(
          "Metrics port {}:{} is not available ({}); the application runs on without the metrics"
              + " server. Set lantern.metrics.port to a free port, or 0 to turn it off.",
          host,
          port,
          e.getMessage());
    } catch (IOException | RuntimeException e) {
      log.warn(
          "The metrics server on {}:{} could not start ({}); the application runs on without it.",
          host,
          port,
          e.toString());
    }
    return null;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public void close() {
    server.stop(0);
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
