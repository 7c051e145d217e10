package dev.lantern.agent.trace;

import dev.lantern.agent.api.PropagationHeaders;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Runs one span through the SDK on the agent's start-up thread, so that the classes of the span
 * path are loaded, linked and initialised there and not on the application thread that makes the
 * first real span (in the benchmark app, the main thread running its schema statements).
 *
 * <p>The span is made by a provider of its own whose only processor drops it: nothing is exported,
 * kept by the trace view or counted, and the application's context is not touched.
 */
final class SpanPathWarmUp {

  private SpanPathWarmUp() {}

  static void run(TextMapPropagator propagator) {
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setSampler(Sampler.alwaysOn())
            // as the agent's own provider: the SDK's default would load the API's no-op meter
            .setMeterProvider(SdkSpanMetricsDropped.INSTANCE)
            .addSpanProcessor(new Dropping())
            .build();
    try {
      Tracer tracer = provider.get("lantern.warm-up");
      Span span =
          tracer
              .spanBuilder("warm-up")
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute(AttributeKey.stringKey("warm.up"), "x")
              .setAttribute(AttributeKey.longKey("warm.up.count"), 1L)
              .startSpan();
      try (Scope ignored = span.makeCurrent()) {
        // the carrier the HTTP client and Kafka instrumentations inject into
        propagator.inject(Context.current(), new PropagationHeaders(), PropagationHeaders.SETTER);
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    } finally {
      provider.shutdown();
    }
  }

  /** Requires start and end so the SDK's recording path runs, then forgets the span. */
  private static final class Dropping implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      span.toSpanData();
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
