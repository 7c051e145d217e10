package dev.lantern.agent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.junit.jupiter.api.Test;

class SdkSpanMetricsDroppedTest {

  @Test
  void theTracerSdkRunsWithItsSpanCountersDropped() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setMeterProvider(SdkSpanMetricsDropped.INSTANCE)
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    provider.get("t").spanBuilder("s").startSpan().end();
    provider.get("t").spanBuilder("second").startSpan().end();
    assertEquals(2, exporter.getFinishedSpanItems().size());
    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertEquals("s", span.getName());
    provider.shutdown();
  }

  @Test
  void theCountersTheSdkBuildsAreItselfAndOtherInstrumentsComeFromTheNoopMeter() {
    Meter meter = SdkSpanMetricsDropped.INSTANCE.get().get("io.opentelemetry.sdk.trace");
    assertSame(meter, SdkSpanMetricsDropped.INSTANCE);
    meter.counterBuilder("otel.sdk.span.started").setUnit("{span}").build().add(1, Attributes.empty());
    meter.upDownCounterBuilder("otel.sdk.span.live").build().add(-1, Attributes.empty());
    assertNotNull(meter.histogramBuilder("h").build());
    assertNotNull(meter.gaugeBuilder("g").build());
    assertNotNull(meter.counterBuilder("c").ofDoubles().build());
  }
}
