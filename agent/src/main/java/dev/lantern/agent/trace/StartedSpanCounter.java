package dev.lantern.agent.trace;

import dev.lantern.agent.api.metrics.AgentMetrics;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.prometheus.client.Counter;

/** The span processor when export is off: counts started spans and nothing else. */
final class StartedSpanCounter implements SpanProcessor {

  private final Counter.Child started =
      AgentMetrics.counter("lantern_agent_spans_started_total", "Sampled spans started.").labels();

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    started.inc();
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }
}
