package dev.lantern.testapps.reliability.webapp;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The web application's own OpenTelemetry SDK, registered as its GlobalOpenTelemetry. */
final class OwnTelemetry {

  private static final AtomicInteger EXPORTED = new AtomicInteger();
  private static volatile Tracer tracer;

  private OwnTelemetry() {}

  static synchronized void install() {
    if (tracer != null) {
      return;
    }
    SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new Counting())).build();
    GlobalOpenTelemetry.set(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
    tracer = GlobalOpenTelemetry.getTracer("webapp");
  }

  static <T> T inSpan(Supplier<T> work) {
    Span span = tracer.spanBuilder("webapp-work").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return work.get();
    } finally {
      span.end();
    }
  }

  static int exported() {
    return EXPORTED.get();
  }

  private static final class Counting implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      EXPORTED.addAndGet(spans.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
