package dev.lantern.testapps.llm;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.stream.Collectors;

/**
 * The application's own OpenTelemetry SDK, registered as GlobalOpenTelemetry when {@code
 * app.otel=true}: what an application does to receive the Anthropic SDK's own spans.
 */
final class AppTelemetry {

  private static volatile InMemorySpanExporter exporter;

  private AppTelemetry() {}

  static void installIfAsked() {
    if (!Boolean.getBoolean("app.otel")) {
      return;
    }
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
    GlobalOpenTelemetry.set(sdk);
    exporter = spans;
  }

  /** One line per span: name and gen_ai.provider.name / gen_ai.system, or "none". */
  static String describeSpans() {
    InMemorySpanExporter spans = exporter;
    if (spans == null) {
      return "no-app-otel";
    }
    return spans.getFinishedSpanItems().stream()
        .map(AppTelemetry::line)
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private static String line(SpanData span) {
    return "span name=" + span.getName() + " trace=" + span.getTraceId();
  }
}
