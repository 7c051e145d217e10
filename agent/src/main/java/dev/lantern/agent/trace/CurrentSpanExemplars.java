package dev.lantern.agent.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.prometheus.client.exemplars.tracer.common.SpanContextSupplier;

/**
 * Gives simpleclient's exemplar sampler the current span of the agent's own OpenTelemetry, so
 * histogram buckets carry the trace id of a recent sampled request (shown in OpenMetrics output)
 * and a latency spike on a dashboard links to a trace.
 */
public final class CurrentSpanExemplars implements SpanContextSupplier {

  @Override
  public String getTraceId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : null;
  }

  @Override
  public String getSpanId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getSpanId() : null;
  }

  @Override
  public boolean isSampled() {
    return Span.current().getSpanContext().isSampled();
  }
}
