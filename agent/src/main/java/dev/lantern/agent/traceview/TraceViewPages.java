package dev.lantern.agent.traceview;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML of the trace view: a filterable list of recent traces and a waterfall of one trace.
 * Plain server-rendered pages with inline style, no script and nothing loaded from elsewhere;
 * every value from a span is HTML-escaped (paths, headers and the like come from clients).
 */
final class TraceViewPages {

  private static final String STYLE =
      "body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}"
          + "table{border-collapse:collapse;width:100%}td,th{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}"
          + ".err{color:#b00020;font-weight:600}.ok{color:#1b7f3b}.muted{color:#777}"
          + ".bar{position:relative;height:12px;background:#f1f1f1;min-width:300px}"
          + ".bar span{position:absolute;top:0;height:12px;background:#4a7bd0}.bar span.e{background:#d0453b}"
          + "form input,form select{margin-right:8px}code{font-size:12px}details summary{cursor:pointer}";

  private TraceViewPages() {}

  static String list(List<TraceSummary> traces, Map<String, String> filter, int kept, int spans, int perSecond) {
    StringBuilder html = page("Lantern traces");
    html.append("<h1>Recent traces</h1><p class=muted>The last traces this JVM saw (")
        .append(kept).append(" traces, ").append(spans).append(" spans kept). Newest first.");
    if (perSecond < Integer.MAX_VALUE) {
      html.append(" At most ").append(perSecond).append(" new traces a second are kept, and as many more with errors.");
    }
    html.append("</p>");
    html.append("<form method=get action=/traces>")
        .append("correlation ID <input name=correlation value=\"").append(esc(filter.get("correlation"))).append("\">")
        .append("route <input name=route value=\"").append(esc(filter.get("route"))).append("\">")
        .append("status <select name=status>")
        .append(option("", "any", filter.get("status"))).append(option("error", "error", filter.get("status")))
        .append(option("ok", "ok", filter.get("status"))).append("</select>")
        .append("min duration (ms) <input name=minMs size=6 value=\"").append(esc(filter.get("minMs"))).append("\">")
        .append("<input type=submit value=Filter></form>");
    html.append("<table><tr><th>started</th><th>trace</th><th>root span</th><th>service</th><th>duration</th><th>spans</th><th>status</th><th>correlation ID</th></tr>");
    for (TraceSummary t : traces) {
      html.append("<tr class=trace><td>").append(esc(Instant.ofEpochMilli(t.startNanos / 1_000_000).toString()))
          .append("</td><td><a href=\"/traces/").append(esc(t.traceId)).append("\"><code>").append(esc(t.traceId)).append("</code></a></td><td>")
          .append(esc(t.root == null ? "" : t.root.getName())).append("</td><td>").append(esc(t.service()))
          .append("</td><td>").append(millis(t.durationMillis())).append("</td><td>").append(t.spans.size())
          .append("</td><td>").append(t.error ? "<span class=err>error</span>" : "<span class=ok>ok</span>")
          .append("</td><td>").append(esc(t.correlationId == null ? "" : t.correlationId)).append("</td></tr>");
    }
    if (traces.isEmpty()) {
      html.append("<tr><td colspan=8 class=muted>No trace matches.</td></tr>");
    }
    return html.append("</table></body></html>").toString();
  }

  static String trace(TraceSummary t) {
    StringBuilder html = page("Trace " + t.traceId);
    html.append("<p><a href=/traces>&larr; all traces</a></p><h1>Trace <code>").append(esc(t.traceId)).append("</code></h1>")
        .append("<p>").append(t.spans.size()).append(" spans, ").append(millis(t.durationMillis()))
        .append(t.correlationId == null ? "" : ", correlation ID <code>" + esc(t.correlationId) + "</code>")
        .append(t.error ? ", <span class=err>error</span>" : "").append("</p>");
    Map<String, Integer> depth = depths(t.spans);
    double total = Math.max(1, t.endNanos - t.startNanos);
    html.append("<table><tr><th>span</th><th>kind</th><th>service</th><th>duration</th><th style=\"width:40%\">timeline</th></tr>");
    for (SpanData span : t.spans) {
      boolean error = span.getStatus().getStatusCode() == StatusCode.ERROR;
      double left = (span.getStartEpochNanos() - t.startNanos) / total * 100;
      double width = Math.max(0.5, (span.getEndEpochNanos() - span.getStartEpochNanos()) / total * 100);
      html.append("<tr class=span><td style=\"padding-left:").append(8 + 18 * depth.getOrDefault(span.getSpanId(), 0))
          .append("px\"><details><summary class=\"").append(error ? "err" : "").append("\">").append(esc(span.getName()))
          .append("</summary>").append(attributes(span)).append("</details></td><td>").append(span.getKind())
          .append("</td><td>").append(esc(String.valueOf(span.getResource().getAttributes().get(AttributeKey.stringKey("service.name")))))
          .append("</td><td>").append(millis((span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6))
          .append("</td><td><div class=bar><span class=\"").append(error ? "e" : "").append("\" style=\"left:")
          .append(String.format(Locale.ROOT, "%.2f", left)).append("%;width:").append(String.format(Locale.ROOT, "%.2f", Math.min(width, 100 - left)))
          .append("%\"></span></div></td></tr>");
    }
    return html.append("</table></body></html>").toString();
  }

  private static String attributes(SpanData span) {
    StringBuilder html = new StringBuilder("<table><tr><td class=muted>span id</td><td><code>").append(esc(span.getSpanId()))
        .append("</code></td></tr>");
    if (span.getParentSpanContext().isValid()) {
      html.append("<tr><td class=muted>parent id</td><td><code>").append(esc(span.getParentSpanId())).append("</code></td></tr>");
    }
    if (span.getStatus().getDescription() != null && !span.getStatus().getDescription().isEmpty()) {
      html.append("<tr><td class=muted>status</td><td>").append(esc(span.getStatus().getDescription())).append("</td></tr>");
    }
    Map<String, Object> sorted = new java.util.TreeMap<>();
    span.getAttributes().forEach((k, v) -> sorted.put(k.getKey(), v));
    for (Map.Entry<String, Object> e : sorted.entrySet()) {
      html.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(String.valueOf(e.getValue()))).append("</td></tr>");
    }
    // a link points at a span of another trace (a Kafka record's producer from its processing, a
    // batch's poll): a way across to it when this JVM kept that trace too
    for (LinkData link : span.getLinks()) {
      String traceId = link.getSpanContext().getTraceId();
      html.append("<tr><td class=muted>link</td><td>trace <a href=/traces/").append(esc(traceId)).append('>')
          .append(esc(traceId)).append("</a> span <code>").append(esc(link.getSpanContext().getSpanId())).append("</code>");
      link.getAttributes().forEach((k, v) -> html.append("<br><span class=muted>").append(esc(k.getKey()))
          .append("</span> ").append(esc(String.valueOf(v))));
      html.append("</td></tr>");
    }
    for (EventData event : span.getEvents()) {
      html.append("<tr><td class=muted>event</td><td>").append(esc(event.getName()));
      event.getAttributes().forEach((k, v) -> html.append("<br><span class=muted>").append(esc(k.getKey()))
          .append("</span> ").append(esc(String.valueOf(v).length() > 2000 ? String.valueOf(v).substring(0, 2000) + "…" : String.valueOf(v))));
      html.append("</td></tr>");
    }
    return html.append("</table>").toString();
  }

  /** Depth of each span below the trace's roots (a parent outside this JVM counts as absent). */
  private static Map<String, Integer> depths(List<SpanData> spans) {
    Map<String, String> parents = new HashMap<>();
    for (SpanData span : spans) {
      parents.put(span.getSpanId(), span.getParentSpanId());
    }
    Map<String, Integer> depth = new HashMap<>();
    for (SpanData span : spans) {
      int d = 0;
      String parent = parents.get(span.getSpanId());
      while (parent != null && parents.containsKey(parent) && d < 64) {
        d++;
        parent = parents.get(parent);
      }
      depth.put(span.getSpanId(), d);
    }
    return depth;
  }

  private static StringBuilder page(String title) {
    return new StringBuilder(4096).append("<!doctype html><html><head><meta charset=utf-8><title>")
        .append(esc(title)).append("</title><style>").append(STYLE).append("</style></head><body>");
  }

  private static String option(String value, String label, String selected) {
    return "<option value=\"" + value + "\"" + (value.equals(selected == null ? "" : selected) ? " selected" : "") + ">" + label + "</option>";
  }

  private static String millis(double ms) {
    return String.format(Locale.ROOT, "%.1f ms", ms);
  }

  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&': out.append("&amp;"); break;
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default: out.append(c);
      }
    }
    return out.toString();
  }
}
