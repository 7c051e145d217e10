package dev.lantern.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;

class PropagationHeadersTest {

  @Test
  void headersKeepTheOrderWrittenAndASecondWriteReplaces() {
    PropagationHeaders headers = new PropagationHeaders();
    assertTrue(headers.isEmpty());
    for (int i = 0; i < 6; i++) {
      headers.set("h" + i, "v" + i); // more than the initial four
    }
    headers.set("h1", "again");
    assertEquals(6, headers.size());
    assertEquals("h1", headers.name(1));
    assertEquals("again", headers.value(1));
    assertEquals("v5", headers.get("h5"));
    assertNull(headers.get("H5"), "names are exact, as the propagators write them");
  }

  @Test
  void thePropagatorWritesThroughTheSetter() {
    SpanContext parent =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    PropagationHeaders headers = new PropagationHeaders();
    W3CTraceContextPropagator.getInstance()
        .inject(Context.root().with(Span.wrap(parent)), headers, PropagationHeaders.SETTER);
    assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", headers.get("traceparent"));
    PropagationHeaders.SETTER.set(headers, "x", null);
    PropagationHeaders.SETTER.set(null, "x", "y");
    assertNull(headers.get("x"));
  }
}
