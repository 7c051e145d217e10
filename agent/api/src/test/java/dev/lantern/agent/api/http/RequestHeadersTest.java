package dev.lantern.agent.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.correlation.CorrelationId;
import dev.lantern.agent.api.correlation.CorrelationPropagator;
import dev.lantern.agent.api.correlation.CorrelationSettings;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {

  private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final TextMapPropagator PROPAGATOR =
      TextMapPropagator.composite(
          W3CTraceContextPropagator.getInstance(), new CorrelationPropagator(CorrelationSettings.DEFAULT));

  @Test
  void theHeadersAreReadOnceAndThePropagatorsReadTheSnapshot() {
    String[] names = HttpServerTelemetry.headerNames(PROPAGATOR.fields());
    assertEquals(
        List.of("traceparent", "tracestate", "X-Correlation-ID", "X-Request-ID", "Host", "User-Agent"),
        Arrays.asList(names));
    MapServerRequest adapter = new MapServerRequest();
    Map<String, String> request = Map.of("TRACEPARENT", TRACEPARENT, "x-request-id", "req-7", "Host", "shop:8080");

    RequestHeaders<Map<String, String>> headers = new RequestHeaders<>(adapter, request, names);
    int reads = adapter.headerReads;
    Context extracted = PROPAGATOR.extract(Context.root(), headers, RequestHeaders.GETTER);

    assertEquals(reads, adapter.headerReads, "extraction read nothing more from the request");
    assertEquals("0af7651916cd43dd8448eb211c80319c", Span.fromContext(extracted).getSpanContext().getTraceId());
    assertEquals("req-7", CorrelationId.fromContext(extracted));
    assertEquals("shop:8080", headers.value(Arrays.asList(names).indexOf("Host")));
  }

  @Test
  void aNameOutsideTheSnapshotIsReadFromTheRequestAndOversizedValuesAreIgnored() {
    String[] names = HttpServerTelemetry.headerNames(List.of("traceparent", "host"));
    assertEquals(List.of("traceparent", "host", "User-Agent"), Arrays.asList(names), "Host once, whatever its case");
    Map<String, String> request = Map.of("traceparent", "0".repeat(HttpServerTelemetry.MAX_HEADER_LENGTH + 1), "extra", "e");
    RequestHeaders<Map<String, String>> headers = new RequestHeaders<>(new MapServerRequest(), request, names);

    assertNull(RequestHeaders.GETTER.get(headers, "traceparent"));
    assertEquals("e", RequestHeaders.GETTER.get(headers, "Extra"));
    assertTrue(headers.value(0).length() > HttpServerTelemetry.MAX_HEADER_LENGTH, "the telemetry's own reads bound it themselves");
  }
}
