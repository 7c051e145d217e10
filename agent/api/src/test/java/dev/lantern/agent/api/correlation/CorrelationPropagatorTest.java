package dev.lantern.agent.api.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationPropagatorTest {

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier.get(key);
        }
      };

  private final TextMapPropagator propagator =
      TextMapPropagator.composite(
          W3CBaggagePropagator.getInstance(), new CorrelationPropagator(CorrelationSettings.DEFAULT));

  private String extract(Map<String, String> headers) {
    return CorrelationId.fromContext(propagator.extract(Context.root(), headers, GETTER));
  }

  @Test
  void firstValidConfiguredHeaderWins() {
    assertEquals("a", extract(Map.of("X-Correlation-ID", "a", "X-Request-ID", "b")));
    assertEquals("b", extract(Map.of("X-Request-ID", "b")));
    assertEquals("b", extract(Map.of("X-Correlation-ID", "not valid", "X-Request-ID", "b")));
  }

  @Test
  void baggageMemberIsTheFallbackAndIsValidatedToo() {
    assertEquals("from-baggage", extract(Map.of("baggage", "other=1,correlation_id=from-baggage")));
    assertEquals("hdr", extract(Map.of("baggage", "correlation_id=from-baggage", "X-Request-ID", "hdr")));
    assertNull(extract(Map.of("baggage", "correlation_id=bad%20value")));
    assertNull(extract(Map.of()));
  }

  @Test
  void injectsTheFirstConfiguredHeader() {
    CorrelationPropagator custom =
        new CorrelationPropagator(new CorrelationSettings(List.of("X-Trace-Tag", "X-Other"), false, true));
    Map<String, String> out = new HashMap<>();
    custom.inject(CorrelationId.storeIn(Context.root(), "abc"), out, Map::put);
    assertEquals(Map.of("X-Trace-Tag", "abc"), out);
    out.clear();
    custom.inject(Context.root(), out, Map::put);
    assertEquals(Map.of(), out, "nothing without an ID");
    assertEquals(List.of("X-Trace-Tag", "X-Other"), List.copyOf(custom.fields()));
  }

  @Test
  void withoutBaggageSupportTheBaggageMemberIsIgnored() {
    TextMapPropagator noBaggage =
        TextMapPropagator.composite(
            W3CBaggagePropagator.getInstance(),
            new CorrelationPropagator(new CorrelationSettings(List.of(), false, true)));
    assertNull(
        CorrelationId.fromContext(
            noBaggage.extract(Context.root(), Map.of("baggage", "correlation_id=x"), GETTER)));
  }
}
