package dev.lantern.agent.metrics;

import dev.lantern.agent.api.log.AgentLoggers;
import dev.lantern.agent.traceview.TraceStore;
import dev.lantern.agent.traceview.TraceViewHandler;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Predicate;
import io.prometheus.client.SampleNameFilter;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.net.BindException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The metrics port: Prometheus text or OpenMetrics (by the scraper's Accept header) on {@code
 * /metrics} from the agent's own registry ({@code name[]=} selects series), {@code /health/live},
 * {@code /health/ready}, {@code /health/dependencies}, and the trace view on {@code /traces}.
 *
 * <p>Served by {@link PortServer} on one agent thread: the port adds one thread and no pool.
 */
public final class MetricsServer {

  private static final Logger log = AgentLoggers.get(MetricsServer.class);
  private static final String JSON = "application/json";

  /**
   * simpleclient writes a _created sample per series unless an env var says otherwise; the
   * OpenTelemetry Prometheus exporter does not, and they double the series count.
   */
  private static final Predicate<String> NO_CREATED = name -> !name.endsWith("_created");

  private final PortServer server;

  private MetricsServer(PortServer server) {
    this.server = server;
  }

  /** Binds and starts, or logs one WARN and returns null when the port cannot be used. */
  public static MetricsServer start(
      String host,
      int port,
      CollectorRegistry registry,
      Runnable beforeFirstScrape,
      ReadinessReport readiness,
      DependencyReport dependencies,
      TraceStore traces) {
    try {
      PortServer http = new PortServer(host, port);
      Runnable[] pending = {beforeFirstScrape};
      http.route(
          "/metrics",
          request -> {
            // handlers run one at a time on the port's thread: no other scrape can run meanwhile
            if (pending[0] != null) {
              Runnable once = pending[0];
              pending[0] = null;
              once.run();
            }
            return scrape(registry, request);
          });
      http.route("/health/live", request -> PortServer.Response.text(200, JSON, "{\"status\":\"UP\"}"));
      http.route(
          "/health/ready",
          request -> {
            List<String> down = dependencies.requiredDown();
            return PortServer.Response.text(down.isEmpty() ? 200 : 503, JSON, readiness.json(down));
          });
      http.route("/health/dependencies", request -> PortServer.Response.text(200, JSON, dependencies.json()));
      if (traces != null) {
        TraceViewHandler view = new TraceViewHandler(traces);
        http.route(
            "/traces",
            request -> {
              TraceViewHandler.Page page = view.handle(request.path, request.rawQuery);
              return PortServer.Response.text(page.status, "text/html; charset=utf-8", page.html)
                  .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                  .header("X-Content-Type-Options", "nosniff")
                  .header("Cache-Control", "no-store");
            });
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

  private static PortServer.Response scrape(CollectorRegistry registry, PortServer.Request request)
      throws IOException {
    String contentType = TextFormat.chooseContentType(request.header("accept"));
    List<String> names = new ArrayList<>();
    if (request.rawQuery != null) {
      for (String pair : request.rawQuery.split("&")) {
        if (pair.startsWith("name[]=") || pair.startsWith("name%5B%5D=")) {
          try {
            names.add(URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), "UTF-8"));
          } catch (IllegalArgumentException ignored) {
            // a malformed name selects nothing
          }
        }
      }
    }
    Predicate<String> filter =
        names.isEmpty() ? NO_CREATED : SampleNameFilter.restrictToNamesEqualTo(NO_CREATED, names);
    StringWriter body = new StringWriter(16 * 1024);
    TextFormat.writeFormat(contentType, body, registry.filteredMetricFamilySamples(filter));
    return new PortServer.Response(200, contentType, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  public int port() {
    return server.port();
  }

  public void close() {
    server.close();
  }
}
