package dev.lantern.agent.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Map;

/**
 * {@code lantern.traces.exporter=logging}: one line per span on stderr, for trying the agent
 * without a collector.
 */
public final class LoggingSpanExporter implements SpanExporter {

  private final PrintStream out;

  public LoggingSpanExporter(PrintStream out) {
    this.out = out;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    for (SpanData span : spans) {
      out.println(format(span));
    }
    return CompletableResultCode.ofSuccess();
  }

  static String format(SpanData span) {
    StringBuilder line = new StringBuilder(256);
    line.append("[lantern] span '")
        .append(span.getName())
        .append("' kind=")
        .append(span.getKind())
        .append(" trace_id=")
        .append(span.getTraceId())
        .append(" span_id=")
        .append(span.getSpanId());
    if (span.getParentSpanContext().isValid()) {
      line.append(" parent_id=").append(span.getParentSpanId());
    }
    line.append(" duration_ms=")
        .append(String.format("%.3f", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6))
        .append(" status=")
        .append(span.getStatus().getStatusCode());
    line.append(" attributes={");
    boolean first = true;
    for (Map.Entry<AttributeKey<?>, Object> e : span.getAttributes().asMap().entrySet()) {
      if (!first) {
        line.append(", ");
      }
      first = false;
      line.append(e.getKey().getKey()).append('=').append(e.getValue());
    }
    return line.append('}').toString();
  }

  @Override
  public CompletableResultCode flush() {
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return flush();
  }
}
