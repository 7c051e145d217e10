package dev.lantern.agent.traceview;

import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /traces} (the list, filtered by {@code correlation}, {@code route}, {@code status},
 * {@code minMs}, {@code limit}) and {@code /traces/<trace id>} (one trace) on the metrics port.
 */
public final class TraceViewHandler {

  /** A page to answer with. */
  public static final class Page {
    public final int status;
    public final String html;

    Page(int status, String html) {
      this.status = status;
      this.html = html;
    }
  }

  private final TraceStore store;

  public TraceViewHandler(TraceStore store) {
    this.store = store;
  }

  /** The page for a GET of {@code path} (under /traces) with this raw query string. */
  public Page handle(String path, String rawQuery) {
    try {
      if (path.equals("/traces") || path.equals("/traces/")) {
        return new Page(200, list(query(rawQuery)));
      } else if (path.matches("/traces/[0-9a-f]{32}")) {
        TraceStore.StoredTrace trace = store.trace(path.substring(8));
        if (trace == null) {
          return new Page(404, "<!doctype html><p>This trace is not (or no longer) kept. <a href=/traces>All traces</a></p>");
        }
        return new Page(200, TraceViewPages.trace(new TraceSummary(trace)));
      }
      return new Page(404, "<!doctype html><p>Not found. <a href=/traces>All traces</a></p>");
    } catch (RuntimeException e) {
      return new Page(500, "<!doctype html><p>The trace view failed: " + TraceViewPages.esc(e.toString()) + "</p>");
    }
  }

  private String list(Map<String, String> filter) {
    String correlation = filter.getOrDefault("correlation", "").trim();
    String route = filter.getOrDefault("route", "").trim();
    String status = filter.getOrDefault("status", "").trim();
    double minMs = number(filter.get("minMs"), 0);
    int limit = (int) Math.max(1, Math.min(500, number(filter.get("limit"), 50)));
    List<TraceSummary> shown = new ArrayList<>();
    for (TraceStore.StoredTrace trace : store.traces()) {
      if (shown.size() >= limit) {
        break;
      }
      TraceSummary summary = new TraceSummary(trace);
      if ((!correlation.isEmpty() && !correlation.equals(summary.correlationId))
          || (!route.isEmpty() && !summary.matchesRoute(route))
          || (status.equals("error") && !summary.error)
          || (status.equals("ok") && summary.error)
          || summary.durationMillis() < minMs) {
        continue;
      }
      shown.add(summary);
    }
    return TraceViewPages.list(shown, filter, store.traces().size(), store.spanCount(), store.tracesPerSecond());
  }

  private static double number(String text, double fallback) {
    try {
      return text == null || text.trim().isEmpty() ? fallback : Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.length() < 512) {
        try {
          params.put(
              URLDecoder.decode(pair.substring(0, eq), "UTF-8"),
              URLDecoder.decode(pair.substring(eq + 1), "UTF-8"));
        } catch (IllegalArgumentException | java.io.UnsupportedEncodingException ignored) {
          // a malformed parameter is ignored
        }
      }
    }
    return params;
  }
}
