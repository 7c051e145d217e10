package dev.lantern.agent.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.internal.Entity;
import io.opentelemetry.sdk.resources.internal.EntityUtil;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@link OtlpProtoWriter} against the SDK's {@code TraceRequestMarshaler}: both requests are
 * decoded with the opentelemetry-proto classes and must be equal messages. Only the order of
 * resource and scope groups is normalised (the SDK groups through hash maps); spans within a
 * group keep their order and are compared field by field.
 */
class OtlpProtoWriterTest {

  private static final Resource RESOURCE =
      Resource.create(
          Attributes.builder()
              .put("service.name", "checkout")
              .put("telemetry.sdk.language", "java")
              .put("process.pid", 4242L)
              .build());
  private static final InstrumentationScopeInfo SCOPE =
      InstrumentationScopeInfo.builder("dev.lantern.jdk-httpserver").setVersion("0.1.0").build();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  private final OtlpProtoWriter writer = new OtlpProtoWriter();

  @Test
  void everyAttributeTypeIncludingArraysAndEmptyArrays() throws IOException {
    Attributes attributes =
        Attributes.builder()
            .put("s", "value")
            .put("s.empty", "")
            .put("b.true", true)
            .put("b.false", false)
            .put("l", 42L)
            .put("l.zero", 0L)
            .put("l.negative", -7L)
            .put("l.min", Long.MIN_VALUE)
            .put("d", 3.25)
            .put("d.zero", 0.0)
            .put("d.negative.zero", -0.0)
            .put("d.nan", Double.NaN)
            .put("d.inf", Double.NEGATIVE_INFINITY)
            .put(AttributeKey.stringArrayKey("sa"), Arrays.asList("a", "", "c"))
            .put(AttributeKey.booleanArrayKey("ba"), Arrays.asList(true, false))
            .put(AttributeKey.longArrayKey("la"), Arrays.asList(1L, -1L, Long.MAX_VALUE))
            .put(AttributeKey.doubleArrayKey("da"), Arrays.asList(1.5, -0.0, Double.NaN))
            .put(AttributeKey.stringArrayKey("sa.empty"), Collections.emptyList())
            .put(AttributeKey.booleanArrayKey("ba.empty"), Collections.emptyList())
            .put(AttributeKey.longArrayKey("la.empty"), Collections.emptyList())
            .put(AttributeKey.doubleArrayKey("da.empty"), Collections.emptyList())
            .put(
                AttributeKey.valueKey("v.kvlist"),
                Value.of(
                    KeyValue.of("k1", Value.of("v1")),
                    KeyValue.of("k2", Value.of(Value.of(1L), Value.of(true), Value.of(new byte[] {1, 2, 3}))),
                    KeyValue.of("k3", Value.empty())))
            .put(AttributeKey.valueKey("v.bytes"), Value.of(new byte[] {0, (byte) 0xFF}))
            .put(AttributeKey.valueKey("v.bytes.empty"), Value.of(new byte[0]))
            .put(AttributeKey.valueKey("v.empty"), Value.empty())
            .put(AttributeKey.valueKey("v.array"), Value.of(Value.of("x"), Value.of(2.5), Value.of(Value.of(3L))))
            .build();
    assertSameAsSdk(List.of(span("attributes").setAttributes(attributes).setTotalAttributeCount(attributes.size() + 3).build()));
  }

  @Test
  void eventsWithAttributesAndLinksWithTraceState() throws IOException {
    TraceState state = TraceState.builder().put("vendor", "x1").put("rojo", "00f067aa0ba902b7").build();
    SpanContext linked =
        SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), state);
    SpanContext localLink = SpanContext.create(TRACE_ID, "00f067aa0ba902b7", TraceFlags.getDefault(), TraceState.getDefault());
    List<EventData> events =
        List.of(
            EventData.create(1_700_000_000_100_000_000L, "exception",
                Attributes.of(AttributeKey.stringKey("exception.type"), "java.io.IOException",
                    AttributeKey.stringKey("exception.message"), "broken pipe")),
            EventData.create(1_700_000_000_200_000_000L, "retry", Attributes.empty(), 4),
            EventData.create(0L, "", Attributes.of(AttributeKey.longKey("n"), 1L), 5));
    List<LinkData> links =
        List.of(
            LinkData.create(linked, Attributes.of(AttributeKey.stringKey("link.kind"), "batch"), 3),
            LinkData.create(localLink));
    SpanData span =
        span("with events and links")
            .setEvents(events)
            .setTotalRecordedEvents(7)
            .setLinks(links)
            .setTotalRecordedLinks(9)
            .build();
    assertSameAsSdk(List.of(span));
  }

  @Test
  void errorStatusRemoteParentTraceStateAndEveryKind() throws IOException {
    List<SpanData> spans = new ArrayList<>();
    SpanContext remoteParent =
        SpanContext.createFromRemoteParent(TRACE_ID, "53995c3f42cd8ad8", TraceFlags.getSampled(), TraceState.getDefault());
    SpanContext localParent = SpanContext.create(TRACE_ID, "53995c3f42cd8ad9", TraceFlags.getSampled(), TraceState.getDefault());
    TraceState state = TraceState.builder().put("congo", "t61rcWkgMzE").build();
    int i = 0;
    for (SpanKind kind : SpanKind.values()) {
      spans.add(
          span("kind " + kind)
              .setKind(kind)
              .setSpanContext(SpanContext.create(TRACE_ID, String.format("%016x", 0x1000 + i++), TraceFlags.getSampled(), state))
              .setParentSpanContext(kind == SpanKind.SERVER ? remoteParent : localParent)
              .build());
    }
    spans.add(span("error").setStatus(StatusData.create(StatusCode.ERROR, "connection refused: ü")).build());
    spans.add(span("error without message").setStatus(StatusData.error()).build());
    spans.add(span("ok").setStatus(StatusData.ok()).build());
    spans.add(span("not sampled").setSpanContext(SpanContext.create(TRACE_ID, "1111111111111111", TraceFlags.getDefault(), TraceState.getDefault())).build());
    spans.add(span("invalid context").setSpanContext(SpanContext.getInvalid()).setParentSpanContext(SpanContext.getInvalid()).build());
    spans.add(span("no times").setStartEpochNanos(0).setEndEpochNanos(0).build());
    assertSameAsSdk(spans);
  }

  @Test
  void twoResourcesAndTwoScopesInterleaved() throws IOException {
    Resource other =
        Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "billing"), "https://opentelemetry.io/schemas/1.24.0");
    // equal, not identical: a group of its own, as in the SDK, which groups by identity
    Resource equalToDefault = Resource.create(RESOURCE.getAttributes());
    InstrumentationScopeInfo jdbc =
        InstrumentationScopeInfo.builder("dev.lantern.jdbc")
            .setVersion("0.1.0")
            .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
            .setAttributes(Attributes.of(AttributeKey.stringKey("scope.attr"), "x"))
            .build();
    InstrumentationScopeInfo bare = InstrumentationScopeInfo.create("bare");
    List<SpanData> spans = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Resource resource = i % 3 == 0 ? other : i % 3 == 1 ? RESOURCE : equalToDefault;
      InstrumentationScopeInfo scope = i % 2 == 0 ? jdbc : i % 5 == 0 ? bare : SCOPE;
      spans.add(span("span " + i).setResource(resource).setInstrumentationScopeInfo(scope).build());
    }
    ExportTraceServiceRequest request = assertSameAsSdk(spans);
    assertEquals(3, request.getResourceSpansCount());
    assertEquals("span 0", request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getName(), "groups in order of appearance");
  }

  @Test
  void nonAsciiEmojiAndUnpairedSurrogates() throws IOException {
    String[] texts = {
      "café", "日本語", "emoji 🚀 and 👩‍💻", "\u00a0nbsp", "high alone \ud83d x", "low alone \ude80", "ends high \ud83d", "\ude80\ud83d reversed",
      "\u07ff\u0800\uffff"
    };
    List<SpanData> spans = new ArrayList<>();
    for (String text : texts) {
      spans.add(
          span(text)
              .setAttributes(Attributes.of(AttributeKey.stringKey("clé " + text), text,
                  AttributeKey.stringArrayKey("array"), List.of(text, "ascii")))
              .setStatus(StatusData.create(StatusCode.ERROR, text))
              .setEvents(List.of(EventData.create(5L, text, Attributes.empty())))
              .build());
    }
    assertSameAsSdk(spans);
    for (String text : texts) {
      ProtoBuffer buffer = new ProtoBuffer(1);
      buffer.stringAlways(1, text);
      byte[] expected = text.getBytes(StandardCharsets.UTF_8);
      byte[] written = buffer.toByteArray();
      int prefix = 1 + ProtoBuffer.varintSize(expected.length); // tag and length
      assertArrayEquals(expected, Arrays.copyOfRange(written, prefix, written.length), text);
    }
  }

  @Test
  void oneMegabyteStringValue() throws IOException {
    String big = "x".repeat(1024 * 1024);
    String bigNonAscii = "é".repeat(300_000);
    SpanData span = span("big").setAttributes(Attributes.of(AttributeKey.stringKey("db.statement"), big,
        AttributeKey.stringKey("other"), bigNonAscii)).build();
    assertSameAsSdk(List.of(span, span("small").build()));
  }

  @Test
  void zeroSpansGiveAnEmptyRequest() throws IOException {
    assertEquals(0, writer.encode(List.of()));
    assertSameAsSdk(List.of());
  }

  @Test
  void realSpansFromTheSdkTracer() throws IOException {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider provider =
        SdkTracerProvider.builder().setResource(RESOURCE).addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    try {
      Tracer tracer = provider.get("dev.lantern.test", "1.0");
      Span server = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).setAttribute("http.request.method", "GET")
          .setAttribute("http.response.status_code", 200L).startSpan();
      Span client = tracer.spanBuilder("SELECT orders").setParent(Context.root().with(server)).setSpanKind(SpanKind.CLIENT)
          .addLink(server.getSpanContext(), Attributes.of(AttributeKey.stringKey("why"), "test")).startSpan();
      client.recordException(new IllegalStateException("boom"));
      client.setStatus(StatusCode.ERROR, "boom");
      client.addEvent("fetched", Attributes.of(AttributeKey.longKey("rows"), 3L));
      client.end();
      server.end();
      provider.get("other.scope").spanBuilder("internal").startSpan().end();
      List<SpanData> spans = exporter.getFinishedSpanItems();
      assertEquals(3, spans.size());
      assertSameAsSdk(spans);
    } finally {
      provider.shutdown();
    }
  }

  @Test
  void resourceEntitiesAreWrittenAsTheSdkWritesThem() throws IOException {
    Entity service =
        Entity.builder("service", Attributes.of(AttributeKey.stringKey("service.name"), "checkout"))
            .setDescription(Attributes.of(AttributeKey.stringKey("service.version"), "1.2"))
            .setSchemaUrl("https://opentelemetry.io/schemas/1.26.0")
            .build();
    Resource withEntities = EntityUtil.createResource(List.of(service));
    assertEquals(1, EntityUtil.getEntities(withEntities).size());
    assertSameAsSdk(List.of(span("entities").setResource(withEntities).build()));
  }

  @Test
  void theWriterIsReusedAndDropsABufferALargeBatchGrew() throws IOException {
    SpanData big = span("big").setAttributes(Attributes.of(AttributeKey.stringKey("payload"), "y".repeat(6 * 1024 * 1024))).build();
    assertSameAsSdk(List.of(big));
    assertTrue(writer.capacity() > 6 * 1024 * 1024);
    writer.trim();
    assertTrue(writer.capacity() <= 4 * 1024 * 1024, "capacity " + writer.capacity());
    assertSameAsSdk(List.of(span("after").build()));
    assertSameAsSdk(List.of(span("again").build(), span("and again").build()));
  }

  @Test
  void oddDataIsLeftOutWithoutFailingTheBatch() throws IOException {
    SpanData good = span("good").build();
    SpanData throwing =
        new DelegatingSpanData(span("throws").build()) {
          @Override
          public Attributes getAttributes() {
            throw new IllegalStateException("broken span data");
          }
        };
    Attributes odd = new OddAttributes();
    SpanData oddAttributes = span("odd attributes").setAttributes(odd).setTotalAttributeCount(odd.size()).build();
    SpanData nulls = new DelegatingSpanData(span("nulls").build()) {
      @Override
      public String getName() {
        return null;
      }

      @Override
      public StatusData getStatus() {
        return null;
      }
    };

    writer.encode(Arrays.asList(good, throwing, oddAttributes, nulls));
    assertEquals(1, writer.skippedSpans());
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(writer.toByteArray());
    List<io.opentelemetry.proto.trace.v1.Span> written = request.getResourceSpans(0).getScopeSpans(0).getSpansList();
    assertEquals(List.of("good", "odd attributes", ""), written.stream().map(io.opentelemetry.proto.trace.v1.Span::getName).collect(java.util.stream.Collectors.toList()));
    // Only the well-typed attributes of OddAttributes are written.
    List<io.opentelemetry.proto.common.v1.KeyValue> kept = written.get(1).getAttributesList();
    assertEquals(List.of("fine", "strings"), kept.stream().map(io.opentelemetry.proto.common.v1.KeyValue::getKey).collect(java.util.stream.Collectors.toList()));
    assertEquals(
        List.of("a", "", "b"),
        kept.get(1).getValue().getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).collect(java.util.stream.Collectors.toList()));
    assertTrue(written.get(2).hasStatus());
  }

  // ---- helpers

  private static TestSpanData.Builder span(String name) {
    return TestSpanData.builder()
        .setHasEnded(true)
        .setName(name)
        .setKind(SpanKind.INTERNAL)
        .setSpanContext(SpanContext.create(TRACE_ID, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()))
        .setParentSpanContext(SpanContext.create(TRACE_ID, "53995c3f42cd8ad8", TraceFlags.getSampled(), TraceState.getDefault()))
        .setResource(RESOURCE)
        .setInstrumentationScopeInfo(SCOPE)
        .setStartEpochNanos(1_700_000_000_000_000_000L)
        .setEndEpochNanos(1_700_000_000_123_456_789L)
        .setStatus(StatusData.unset())
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0);
  }

  /** Encodes with both, decodes both, and compares; returns the writer's request. */
  private ExportTraceServiceRequest assertSameAsSdk(List<SpanData> spans) throws IOException {
    ByteArrayOutputStream sdkBytes = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(spans).writeBinaryTo(sdkBytes);
    int size = writer.encode(spans);
    byte[] ours = writer.toByteArray();
    assertEquals(size, ours.length);
    assertEquals(0, writer.skippedSpans());
    ExportTraceServiceRequest sdk = ExportTraceServiceRequest.parseFrom(sdkBytes.toByteArray());
    ExportTraceServiceRequest mine = ExportTraceServiceRequest.parseFrom(ours);
    assertEquals(normalise(sdk), normalise(mine));
    assertEquals(spans.size(), countSpans(mine));
    if (sdk.getResourceSpansCount() <= 1 && (sdk.getResourceSpansCount() == 0 || sdk.getResourceSpans(0).getScopeSpansCount() == 1)) {
      // one group: nothing to reorder, and the fields are written in the SDK's order
      assertArrayEquals(sdkBytes.toByteArray(), ours);
    }
    assertArrayEquals(ours, encodedOneByOne(spans), "spans encoded as they ended make the same request");
    return mine;
  }

  /** The request from the spans each encoded alone, as the export queue encodes them at span end. */
  private static byte[] encodedOneByOne(List<SpanData> spans) {
    OtlpProtoWriter spanWriter = new OtlpProtoWriter(16, 64);
    List<EncodedSpan> encoded = new ArrayList<>();
    for (SpanData span : spans) {
      encoded.add(new EncodedSpan(spanWriter.encodeSpan(span), span.getResource(), span.getInstrumentationScopeInfo(), span.getTraceId(), false));
    }
    OtlpProtoWriter requestWriter = new OtlpProtoWriter();
    requestWriter.encodeEncoded(EncodedBatch.of(encoded));
    return requestWriter.toByteArray();
  }

  private static int countSpans(ExportTraceServiceRequest request) {
    int n = 0;
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        n += scopeSpans.getSpansCount();
      }
    }
    return n;
  }

  /**
   * Sorts resource and scope groups by their whole text; spans and everything inside them keep
   * their order.
   */
  private static ExportTraceServiceRequest normalise(ExportTraceServiceRequest request) {
    List<ResourceSpans> resources = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      List<ScopeSpans> scopes = new ArrayList<>(resourceSpans.getScopeSpansList());
      scopes.sort(Comparator.comparing(ScopeSpans::toString));
      resources.add(resourceSpans.toBuilder().clearScopeSpans().addAllScopeSpans(scopes).build());
    }
    resources.sort(Comparator.comparing(ResourceSpans::toString));
    return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(resources).build();
  }

  /**
   * Attributes as a broken implementation could hand them over: null values, values of the wrong
   * type for their key, nulls inside arrays.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final class OddAttributes implements Attributes {
    private final Object[][] entries = {
      {AttributeKey.stringKey("fine"), "ok"},
      {AttributeKey.stringKey("null value"), null},
      {AttributeKey.longKey("wrong type"), "not a long"},
      {AttributeKey.stringArrayKey("strings"), Arrays.asList("a", null, "b")},
      {AttributeKey.longArrayKey("not a list"), 5L},
      {null, "null key"},
    };

    @Override
    public <T> T get(AttributeKey<T> key) {
      return null;
    }

    @Override
    public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
      BiConsumer raw = consumer;
      for (Object[] entry : entries) {
        raw.accept(entry[0], entry[1]);
      }
    }

    @Override
    public int size() {
      return entries.length;
    }

    @Override
    public boolean isEmpty() {
      return false;
    }

    @Override
    public Map<AttributeKey<?>, Object> asMap() {
      return Collections.emptyMap();
    }

    @Override
    public io.opentelemetry.api.common.AttributesBuilder toBuilder() {
      return Attributes.builder();
    }
  }
}
