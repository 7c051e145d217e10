package dev.lantern.testing;

import static io.opentelemetry.api.common.AttributeKey.booleanArrayKey;
import static io.opentelemetry.api.common.AttributeKey.doubleArrayKey;
import static io.opentelemetry.api.common.AttributeKey.longArrayKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Feeds the receiver from the real OpenTelemetry SDK OTLP/HTTP exporter. */
class OtlpReceiverTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long T0 = 1_700_000_000_123_456_789L;
  private static final String LINKED_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String LINKED_SPAN = "b7ad6b7169203331";

  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void everyFieldRoundTripsFromTheSdkExporter() {
    List<SpanData> recorded = recordParentAndChild();
    assertTrue(export(recorded, b -> b).isSuccess(), receiver.describe());

    List<ReceivedSpan> spans = receiver.awaitSpanCount(2, TIMEOUT);
    assertEquals(2, spans.size(), receiver.describe());
    SpanData parentData = byName(recorded, "GET /orders");
    SpanData childData = byName(recorded, "SELECT orders");
    ReceivedSpan parent = receiver.awaitSpanNamed("GET /orders", TIMEOUT);
    ReceivedSpan child = receiver.awaitSpan(s -> s.kind().equals("CLIENT"), TIMEOUT);

    assertEquals(parentData.getTraceId(), parent.traceId());
    assertEquals(parentData.getSpanId(), parent.spanId());
    assertEquals("", parent.parentSpanId());
    assertTrue(parent.isRoot());
    assertEquals(parent.traceId(), child.traceId());
    assertEquals(childData.getSpanId(), child.spanId());
    assertEquals(parent.spanId(), child.parentSpanId());
    assertFalse(child.isRoot());
    assertEquals(32, parent.traceId().length());
    assertEquals(parent.traceId().toLowerCase(), parent.traceId());

    assertEquals("SERVER", parent.kind());
    assertEquals("CLIENT", child.kind());
    assertEquals(T0, parent.startEpochNanos());
    assertEquals(T0 + 10_000, parent.endEpochNanos());
    assertEquals(10_000, parent.durationNanos());
    assertEquals(4_000, child.durationNanos());

    Map<String, Object> attrs = parent.attributes();
    assertEquals("GET", attrs.get("http.request.method"));
    assertEquals(200L, attrs.get("http.response.status_code"));
    assertEquals(0.25, attrs.get("sample.ratio"));
    assertEquals(Boolean.TRUE, attrs.get("cache.hit"));
    assertEquals(List.of("a", "b"), attrs.get("tags"));
    assertEquals(List.of(80L, 443L), attrs.get("ports"));
    assertEquals(List.of(0.5, 1.5), attrs.get("weights"));
    assertEquals(List.of(true, false), attrs.get("flags"));
    assertEquals("200", parent.attr("http.response.status_code"));
    assertEquals("true", parent.attr("cache.hit"));
    assertNull(parent.attr("absent"));
    assertEquals(200L, parent.longAttr("http.response.status_code"));
    assertNull(parent.longAttr("absent"));
    assertThrows(AssertionError.class, () -> parent.longAttr("http.request.method"));

    assertEquals("OK", parent.statusCode());
    assertEquals("", parent.statusMessage());
    assertEquals("ERROR", child.statusCode());
    assertEquals("connection reset", child.statusMessage());

    assertEquals(
        List.of(new ReceivedSpan.Event("retry", T0 + 2_000, Map.of("attempt", 2L))),
        child.events());
    assertEquals(
        List.of(new ReceivedSpan.Link(LINKED_TRACE, LINKED_SPAN, Map.of("link.reason", "batch"))),
        child.links());
    assertTrue(parent.events().isEmpty());

    assertEquals("round-trip-test", parent.resource().get("service.name"));
    assertEquals("java", parent.resource().get("telemetry.sdk.language"));
    assertEquals("lantern.test", child.scopeName());
    assertEquals("1.2.3", child.scopeVersion());

    assertEquals(Set.of(parent, child), Set.copyOf(receiver.trace(parent.traceId())));
    assertEquals(List.of(child), receiver.children(parent));
    assertTrue(child.toString().contains("'SELECT orders' CLIENT"), child.toString());
    assertTrue(child.toString().contains(child.spanId()), child.toString());
    assertTrue(child.toString().contains("status=ERROR(connection reset)"), child.toString());

    assertEquals(List.of(OtlpReceiver.TRACES_PATH), receiver.requestPaths());
    Map<String, String> headers = receiver.requestHeaders().get(0);
    assertEquals("application/x-protobuf", headers.get("content-type"));
    assertTrue(headers.get("user-agent").startsWith("OTel-OTLP-Exporter-Java"), headers.toString());
    assertNull(headers.get("content-encoding"));
  }

  @Test
  void acceptsGzipCompressedExports() {
    assertTrue(export(recordParentAndChild(), b -> b.setCompression("gzip")).isSuccess());
    assertEquals(2, receiver.awaitSpanCount(2, TIMEOUT).size());
    assertEquals("gzip", receiver.requestHeaders().get(0).get("content-encoding"));
    assertEquals("round-trip-test", receiver.spans().get(0).resource().get("service.name"));
    assertTrue(receiver.decodeErrors().isEmpty());
  }

  @Test
  void injectedErrorStatusFailsTheExportAndStoresNothing() {
    receiver.setResponseStatus(500);
    assertFalse(export(recordParentAndChild(), b -> b).isSuccess());
    assertTrue(receiver.spans().isEmpty());
    assertEquals(1, receiver.requestCount(), "500 is not retryable");

    receiver.resetFaults();
    assertTrue(export(recordParentAndChild(), b -> b).isSuccess());
    assertEquals(2, receiver.awaitSpanCount(2, TIMEOUT).size());
    assertEquals(2, receiver.requestCount());
  }

  @Test
  void injectedDelayOutlastsTheExporterTimeout() {
    receiver.setResponseDelay(Duration.ofSeconds(5));
    CompletableResultCode slow =
        export(
            recordParentAndChild(),
            b -> b.setTimeout(Duration.ofMillis(300)).setRetryPolicy(null));
    assertFalse(slow.isSuccess());

    receiver.resetFaults();
    receiver.clear();
    assertTrue(export(recordParentAndChild(), b -> b).isSuccess());
    // The delayed request may still land later: a receiver cannot know the client gave up.
    receiver.awaitSpanCount(2, TIMEOUT);
  }

  @Test
  void awaitFailureListsWhatWasReceived() {
    export(recordParentAndChild(), b -> b);
    receiver.awaitSpanCount(2, TIMEOUT);
    AssertionError error =
        assertThrows(
            AssertionError.class,
            () -> receiver.awaitSpan("a span named 'nope'", s -> s.name().equals("nope"),
                Duration.ofMillis(200)));
    String message = error.getMessage();
    assertTrue(message.contains("a span named 'nope'"), message);
    assertTrue(message.contains("'GET /orders' SERVER"), message);
    assertTrue(message.contains("'SELECT orders' CLIENT"), message);
    assertTrue(message.contains("2 span(s)"), message);
  }

  @Test
  void rejectsJsonGarbageAndWrongMethodsAndCountsOtherSignals() {
    Map<String, String> protobuf = Map.of("Content-Type", "application/x-protobuf");
    assertEquals(415, Http.post(receiver.tracesUrl(), "{}", Map.of("Content-Type",
        "application/json")).status());
    HttpResult garbage = Http.post(receiver.tracesUrl(), new byte[] {0x0a, (byte) 0xff}, protobuf);
    assertEquals(400, garbage.status(), garbage.describe());
    assertEquals(1, receiver.decodeErrors().size());
    assertTrue(receiver.describe().contains("DECODE ERROR"), receiver.describe());
    assertEquals(405, Http.get(receiver.tracesUrl()).status());
    assertEquals(404, Http.post(receiver.endpoint() + "/v1/other", new byte[0], protobuf).status());

    HttpResult metrics = Http.post(receiver.metricsUrl(), new byte[0], protobuf);
    assertEquals(200, metrics.status());
    assertEquals("application/x-protobuf", metrics.contentType());
    assertEquals(200, Http.post(receiver.logsUrl(), new byte[0], protobuf).status());
    HttpResult emptyTraces = Http.post(receiver.tracesUrl(), new byte[0], protobuf);
    assertEquals(200, emptyTraces.status());
    assertEquals("", emptyTraces.body(), "an empty ExportTraceServiceResponse is zero bytes");

    assertEquals(7, receiver.requestCount());
    assertEquals(
        List.of("/v1/traces", "/v1/traces", "/v1/traces", "/v1/other", "/v1/metrics",
            "/v1/logs", "/v1/traces"),
        receiver.requestPaths());
    assertTrue(receiver.spans().isEmpty());

    receiver.clear();
    assertEquals(0, receiver.requestCount());
    assertTrue(receiver.decodeErrors().isEmpty());
  }

  @Test
  void endpointIsLoopbackWithTheBoundPort() {
    assertEquals("http://127.0.0.1:" + receiver.port(), receiver.endpoint());
    assertEquals(receiver.endpoint() + "/v1/traces", receiver.tracesUrl());
    assertTrue(Ports.isListening(receiver.port()));
  }

  private CompletableResultCode export(
      Collection<SpanData> spans, UnaryOperator<OtlpHttpSpanExporterBuilder> configure) {
    OtlpHttpSpanExporter exporter =
        configure.apply(OtlpHttpSpanExporter.builder().setEndpoint(receiver.tracesUrl())).build();
    try {
      return exporter.export(spans).join(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      exporter.shutdown().join(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** A SERVER parent and a CLIENT child with every attribute type, an event, a link, statuses. */
  private static List<SpanData> recordParentAndChild() {
    List<SpanData> ended = new ArrayList<>();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(Resource.create(Attributes.of(stringKey("service.name"),
                        "round-trip-test"))))
            .addSpanProcessor(new Collecting(ended))
            .build();
    Tracer tracer = provider.get("lantern.test", "1.2.3");
    Span parent =
        tracer
            .spanBuilder("GET /orders")
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(T0, NANOSECONDS)
            .setAttribute("http.request.method", "GET")
            .setAttribute("http.response.status_code", 200L)
            .setAttribute("sample.ratio", 0.25)
            .setAttribute("cache.hit", true)
            .setAttribute(stringArrayKey("tags"), List.of("a", "b"))
            .setAttribute(longArrayKey("ports"), List.of(80L, 443L))
            .setAttribute(doubleArrayKey("weights"), List.of(0.5, 1.5))
            .setAttribute(booleanArrayKey("flags"), List.of(true, false))
            .startSpan();
    SpanContext linked =
        SpanContext.create(LINKED_TRACE, LINKED_SPAN, TraceFlags.getSampled(),
            TraceState.getDefault());
    Span child =
        tracer
            .spanBuilder("SELECT orders")
            .setParent(Context.root().with(parent))
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(T0 + 1_000, NANOSECONDS)
            .addLink(linked, Attributes.of(stringKey("link.reason"), "batch"))
            .startSpan();
    child.addEvent("retry", Attributes.of(longKey("attempt"), 2L), T0 + 2_000, NANOSECONDS);
    child.setStatus(StatusCode.ERROR, "connection reset");
    child.end(T0 + 5_000, NANOSECONDS);
    parent.setStatus(StatusCode.OK);
    parent.end(T0 + 10_000, NANOSECONDS);
    provider.close();
    return ended;
  }

  private static SpanData byName(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  /** Keeps ended spans in memory so the test can export them itself and see the result. */
  private static final class Collecting implements SpanProcessor {
    private final List<SpanData> ended;

    Collecting(List<SpanData> ended) {
      this.ended = ended;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      synchronized (ended) {
        ended.add(span.toSpanData());
      }
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }
}
