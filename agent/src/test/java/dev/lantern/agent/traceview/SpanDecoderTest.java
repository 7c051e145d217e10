package dev.lantern.agent.traceview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.trace.EncodedSpan;
import dev.lantern.agent.trace.EncodedSpanAccess;
import dev.lantern.agent.trace.OtlpProtoWriter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The trace view keeps spans encoded; what it decodes for its pages must be the span that ended.
 * Spans come from the real SDK tracer; the check re-encodes the decoded span and compares bytes.
 */
class SpanDecoderTest {

  private final TraceStore store = new TraceStore(10, 100);
  private final InMemorySpanExporter ended = InMemorySpanExporter.create();
  private final Tracer tracer =
      SdkTracerProvider.builder()
          .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout"))))
          .addSpanProcessor(store)
          .addSpanProcessor(SimpleSpanProcessor.create(ended))
          .build()
          .get("dev.lantern.test", "1.2.3");

  @Test
  void aSpanWithEveryKindOfDataDecodesToWhatEnded() {
    TraceState state = TraceState.builder().put("vendor", "x1").build();
    SpanContext remoteParent =
        SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "53995c3f42cd8ad8", TraceFlags.getSampled(), state);
    SpanContext linked =
        SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getDefault(), TraceState.getDefault());
    Span span =
        tracer
            .spanBuilder("GET /orders/{id}")
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.root().with(Span.wrap(remoteParent)))
            .addLink(linked, Attributes.of(AttributeKey.stringKey("link.kind"), "batch"))
            .setAttribute("s", "värde ✓")
            .setAttribute("l", -7L)
            .setAttribute("b", true)
            .setAttribute("d", 2.5)
            .setAttribute(AttributeKey.stringArrayKey("sa"), Arrays.asList("a", "", "c"))
            .setAttribute(AttributeKey.longArrayKey("la"), Arrays.asList(1L, Long.MIN_VALUE))
            .setAttribute(AttributeKey.booleanArrayKey("ba"), Arrays.asList(true, false))
            .setAttribute(AttributeKey.doubleArrayKey("da"), Arrays.asList(1.5, Double.NaN))
            .setAttribute(AttributeKey.stringArrayKey("empty"), Collections.emptyList())
            .setAttribute(
                AttributeKey.valueKey("v"),
                Value.of(KeyValue.of("k", Value.of(Value.of(1L), Value.of("x"))), KeyValue.of("bytes", Value.of(new byte[] {0, -1}))))
            .startSpan();
    span.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L));
    span.recordException(new IllegalStateException("pool exhausted"));
    span.setStatus(StatusCode.ERROR, "upstream said no");
    span.end();

    SpanData original = ended.getFinishedSpanItems().get(0);
    SpanData decoded = decodedFromStore(original);
    assertEquals(original.getName(), decoded.getName());
    assertEquals(SpanKind.CLIENT, decoded.getKind());
    assertEquals(original.getSpanContext(), decoded.getSpanContext());
    assertEquals("53995c3f42cd8ad8", decoded.getParentSpanId());
    assertTrue(decoded.getParentSpanContext().isRemote());
    assertEquals(StatusCode.ERROR, decoded.getStatus().getStatusCode());
    assertEquals("upstream said no", decoded.getStatus().getDescription());
    assertEquals(original.getStartEpochNanos(), decoded.getStartEpochNanos());
    assertEquals(original.getEndEpochNanos(), decoded.getEndEpochNanos());
    assertEquals("värde ✓", decoded.getAttributes().get(AttributeKey.stringKey("s")));
    assertEquals(Arrays.asList(1L, Long.MIN_VALUE), decoded.getAttributes().get(AttributeKey.longArrayKey("la")));
    assertEquals(2, decoded.getEvents().size());
    assertEquals("pool exhausted", decoded.getEvents().get(1).getAttributes().get(AttributeKey.stringKey("exception.message")));
    assertEquals(linked, decoded.getLinks().get(0).getSpanContext());
    assertEquals("checkout", decoded.getResource().getAttributes().get(AttributeKey.stringKey("service.name")));
    assertEquals("1.2.3", decoded.getInstrumentationScopeInfo().getVersion());
    // the SDK keeps attributes in the order they were set, a decoded span in key order
    assertEquals(sortedAttributes(request(original)), sortedAttributes(request(decoded)));
  }

  @Test
  void aRootSpanWithNothingSetDecodes() {
    tracer.spanBuilder("").startSpan().end();
    SpanData original = ended.getFinishedSpanItems().get(0);
    SpanData decoded = decodedFromStore(original);
    assertEquals(original.getName(), decoded.getName());
    assertEquals(SpanKind.INTERNAL, decoded.getKind());
    assertTrue(!decoded.getParentSpanContext().isValid());
    assertEquals(StatusCode.UNSET, decoded.getStatus().getStatusCode());
    assertEquals(sortedAttributes(request(original)), sortedAttributes(request(decoded)));
  }

  @Test
  @Timeout(10) // a decoder that loops on bad input fails here instead of hanging the build
  void truncatedOrCorruptBytesThrowAndNeverLoop() {
    tracer.spanBuilder("GET /").setAttribute("k", "v").startSpan().end();
    EncodedSpan encoded = store.trace(ended.getFinishedSpanItems().get(0).getTraceId()).spans().get(0);
    byte[] bytes = encoded.bytes();
    int start = encoded.messageStart();
    for (int cut = start + 1; cut < bytes.length; cut++) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      EncodedSpan broken = copyWith(encoded, truncated);
      try {
        SpanDecoder.decode(broken);
      } catch (IllegalArgumentException expected) {
        // a field cut in half
      }
    }
    byte[] corrupt = bytes.clone();
    corrupt[start] = (byte) 0x0F; // field 1 with wire type 7, which does not exist
    assertThrows(IllegalArgumentException.class, () -> SpanDecoder.decode(copyWith(encoded, corrupt)));
  }

  private SpanData decodedFromStore(SpanData original) {
    List<EncodedSpan> kept = store.trace(original.getTraceId()).spans();
    assertEquals(1, kept.size());
    return SpanDecoder.decode(kept.get(0));
  }

  /** The same span over other bytes. */
  private static EncodedSpan copyWith(EncodedSpan encoded, byte[] bytes) {
    return EncodedSpanAccess.withBytes(encoded, bytes);
  }

  /** The request's text with every attribute list in key order. */
  private static String sortedAttributes(byte[] request) {
    try {
      io.opentelemetry.proto.trace.v1.Span span =
          io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.parseFrom(request)
              .getResourceSpans(0).getScopeSpans(0).getSpans(0);
      io.opentelemetry.proto.trace.v1.Span.Builder sorted = span.toBuilder().clearAttributes().addAllAttributes(byKey(span.getAttributesList()));
      sorted.clearEvents();
      for (io.opentelemetry.proto.trace.v1.Span.Event event : span.getEventsList()) {
        sorted.addEvents(event.toBuilder().clearAttributes().addAllAttributes(byKey(event.getAttributesList())));
      }
      sorted.clearLinks();
      for (io.opentelemetry.proto.trace.v1.Span.Link link : span.getLinksList()) {
        sorted.addLinks(link.toBuilder().clearAttributes().addAllAttributes(byKey(link.getAttributesList())));
      }
      return sorted.build().toString();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static List<io.opentelemetry.proto.common.v1.KeyValue> byKey(List<io.opentelemetry.proto.common.v1.KeyValue> attributes) {
    List<io.opentelemetry.proto.common.v1.KeyValue> sorted = new ArrayList<>(attributes);
    sorted.sort(java.util.Comparator.comparing(io.opentelemetry.proto.common.v1.KeyValue::getKey));
    return sorted;
  }

  private static byte[] request(SpanData span) {
    OtlpProtoWriter writer = new OtlpProtoWriter();
    writer.encode(List.of(span));
    return writer.toByteArray();
  }
}
