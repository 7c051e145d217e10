package dev.lantern.agent.traceview;

import dev.lantern.agent.trace.EncodedSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One trace as the list page shows it: its spans as data, root, duration, status, correlation ID. */
final class TraceSummary {

  static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("lantern.correlation_id");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");

  final String traceId;
  final List<SpanData> spans = new ArrayList<>();
  final SpanData root;
  final long startNanos;
  final long endNanos;
  final boolean error;
  final String correlationId;

  TraceSummary(TraceStore.StoredTrace trace) {
    this.traceId = trace.traceId();
    for (EncodedSpan span : trace.spans()) {
      try {
        spans.add(SpanDecoder.decode(span));
      } catch (RuntimeException unreadable) {
        // not expected (the agent wrote these bytes); the page shows the rest of the trace
      }
    }
    spans.sort((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()));
    Set<String> ids = new HashSet<>();
    for (SpanData span : spans) {
      ids.add(span.getSpanId());
    }
    SpanData rootSpan = null;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    boolean anyError = false;
    String correlation = null;
    for (SpanData span : spans) {
      if (rootSpan == null && !ids.contains(span.getParentSpanId())) {
        rootSpan = span;
      }
      start = Math.min(start, span.getStartEpochNanos());
      end = Math.max(end, span.getEndEpochNanos());
      anyError |= span.getStatus().getStatusCode() == StatusCode.ERROR;
      if (correlation == null) {
        correlation = span.getAttributes().get(CORRELATION_ID);
      }
    }
    this.root = rootSpan;
    this.startNanos = start;
    this.endNanos = end;
    this.error = anyError;
    this.correlationId = correlation;
  }

  double durationMillis() {
    return (endNanos - startNanos) / 1e6;
  }

  String service() {
    return root == null ? "" : String.valueOf(root.getResource().getAttributes().get(AttributeKey.stringKey("service.name")));
  }

  /** Whether any span's route or name contains the text. */
  boolean matchesRoute(String text) {
    for (SpanData span : spans) {
      String route = span.getAttributes().get(ROUTE);
      if ((route != null && route.contains(text)) || span.getName().contains(text)) {
        return true;
      }
    }
    return false;
  }
}
