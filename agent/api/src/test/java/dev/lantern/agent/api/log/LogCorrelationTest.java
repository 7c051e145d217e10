package dev.lantern.agent.api.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.correlation.CorrelationId;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogCorrelationTest {

  // an SDK without processors hands out invalid spans, so give it one
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder()
          .addSpanProcessor(
              io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(
                  io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create()))
          .build();

  @Test
  void addsTraceSpanAndCorrelationWhileTheSpanIsCurrentOnly() {
    Map<String, String> appMdc = Map.of("user", "u1");
    assertSame(appMdc, LogCorrelation.addTo(appMdc), "nothing current, nothing added");
    Span span = tracerProvider.get("t").spanBuilder("s").startSpan();
    try (Scope ignored = CorrelationId.storeIn(Context.root().with(span), "corr-9").makeCurrent()) {
      assertTrue(LogCorrelation.active());
      Map<String, String> mdc = LogCorrelation.addTo(appMdc);
      assertEquals(span.getSpanContext().getTraceId(), mdc.get("trace_id"));
      assertEquals(span.getSpanContext().getSpanId(), mdc.get("span_id"));
      assertEquals(span.getSpanContext().getTraceFlags().asHex(), mdc.get("trace_flags"));
      assertEquals("corr-9", mdc.get("correlation_id"));
      assertEquals("u1", mdc.get("user"));
      assertEquals(Map.of("user", "u1"), appMdc, "the application's map is not modified");
      assertEquals("corr-9", LogCorrelation.get("correlation_id"));
      assertEquals(span.getSpanContext().getTraceId(), LogCorrelation.get("trace_id"));
      assertNull(LogCorrelation.get("user"));
    } finally {
      span.end();
    }
    assertFalse(LogCorrelation.active());
    assertNull(LogCorrelation.get("trace_id"));
  }

  @Test
  void theApplicationsOwnValuesWin() {
    Span span = tracerProvider.get("t").spanBuilder("s").startSpan();
    try (Scope ignored = Context.root().with(span).makeCurrent()) {
      Map<String, String> own = Map.of("trace_id", "mine");
      assertSame(own, LogCorrelation.addTo(own));
    } finally {
      span.end();
    }
  }
}
