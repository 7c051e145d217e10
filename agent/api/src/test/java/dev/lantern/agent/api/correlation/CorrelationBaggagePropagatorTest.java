package dev.lantern.agent.api.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationBaggagePropagatorTest {

  private static Map<String, String> inject(CorrelationSettings settings, Context context) {
    Map<String, String> headers = new HashMap<>();
    new CorrelationBaggagePropagator(settings).inject(context, headers, Map::put);
    return headers;
  }

  @Test
  void addsTheCorrelationIdToOutgoingBaggageOnly() {
    Context withId = CorrelationId.storeIn(Context.root(), "corr-1");
    assertEquals("correlation_id=corr-1", inject(CorrelationSettings.DEFAULT, withId).get("baggage"));
    Context withBaggage = withId.with(Baggage.builder().put("tenant", "t7").build());
    String baggage = inject(CorrelationSettings.DEFAULT, withBaggage).get("baggage");
    assertEquals(2, baggage.split(",").length, baggage);
    assertEquals(true, baggage.contains("tenant=t7") && baggage.contains("correlation_id=corr-1"));
    assertNull(Baggage.fromContext(withId).getEntryValue("correlation_id"), "the context itself is unchanged");
  }

  @Test
  void theDirectlyWrittenHeaderIsWhatTheW3cPropagatorWrites() {
    for (String id : new String[] {"corr-1", "4bf92f3577b34da6a3ce929d0e0e4736", "a.b_c-D", "id:7/x", "a b", "é"}) {
      Context withId = CorrelationId.storeIn(Context.root(), id);
      Map<String, String> expected = new HashMap<>();
      W3CBaggagePropagator.getInstance()
          .inject(withId.with(Baggage.builder().put("correlation_id", id).build()), expected, Map::put);
      assertEquals(expected.get("baggage"), inject(CorrelationSettings.DEFAULT, withId).get("baggage"), id);
    }
    assertEquals(true, CorrelationBaggagePropagator.needsNoEscaping("4bf92f35-77b3"));
    assertEquals(false, CorrelationBaggagePropagator.needsNoEscaping("id:7"));
    assertEquals(false, CorrelationBaggagePropagator.needsNoEscaping(""));
  }

  @Test
  void nothingWithoutAnIdOrWhenSwitchedOff() {
    assertNull(inject(CorrelationSettings.DEFAULT, Context.root()).get("baggage"));
    CorrelationSettings off = new CorrelationSettings(List.of(), false, true);
    assertNull(inject(off, CorrelationId.storeIn(Context.root(), "corr-1")).get("baggage"));
  }
}
