package dev.lantern.instrumentation.jdkhttpserver;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import dev.lantern.agent.api.LanternThread;
import dev.lantern.agent.api.http.HttpServerCall;
import dev.lantern.agent.api.http.HttpServerTelemetry;
import java.io.IOException;
import java.util.List;

/**
 * The first filter of every context: one SERVER span per exchange, around the application's
 * filters and handler. Added when the context is created, so the route is the context's path.
 */
final class TracingFilter extends Filter {

  private static final TracingFilter INSTANCE = new TracingFilter();
  private static final HttpServerTelemetry<HttpExchange> TELEMETRY =
      HttpServerTelemetry.create("jdk-httpserver", HttpExchangeAdapter.INSTANCE);

  static void addTo(HttpContext context) {
    // contexts created by the agent itself (the metrics port) stay untraced
    if (context == null || LanternThread.isCurrent()) {
      return;
    }
    List<Filter> filters = context.getFilters();
    for (Filter filter : filters) {
      if (filter instanceof TracingFilter) {
        return;
      }
    }
    filters.add(0, INSTANCE);
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    HttpServerCall call = TELEMETRY.start(exchange);
    if (call == null) {
      chain.doFilter(exchange);
      return;
    }
    Throwable error = null;
    try {
      chain.doFilter(exchange);
    } catch (IOException | RuntimeException | Error e) {
      error = e;
      throw e;
    } finally {
      TELEMETRY.end(call, exchange.getResponseCode(), error);
    }
  }

  @Override
  public String description() {
    return "Lantern tracing";
  }
}
