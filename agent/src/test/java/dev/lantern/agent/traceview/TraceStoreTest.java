package dev.lantern.agent.traceview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.GarbageCollection;
import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.trace.EncodedSpan;
import dev.lantern.agent.trace.EncodedSpanAccess;
import dev.lantern.agent.trace.SpanEncoder;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TraceStoreTest {

  @Test
  void keepsBoundedNumbersOfTracesAndSpansOldestFirstOut() {
    TraceStore store = new TraceStore(3, 10);
    Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(store).build().get("t");
    String firstTrace = null;
    for (int t = 0; t < 5; t++) {
      Span root = tracer.spanBuilder("root-" + t).startSpan();
      tracer.spanBuilder("child").setParent(Context.root().with(root)).startSpan().end();
      root.end();
      if (t == 0) {
        firstTrace = root.getSpanContext().getTraceId();
      }
    }
    assertEquals(3, store.traces().size());
    assertNull(store.trace(firstTrace), "the oldest traces were evicted");
    assertEquals(6, store.spanCount());
    Span big = tracer.spanBuilder("big").startSpan();
    for (int i = 0; i < 20; i++) {
      tracer.spanBuilder("child-" + i).setParent(Context.root().with(big)).startSpan().end();
    }
    big.end();
    assertTrue(store.spanCount() <= 10, "span budget holds: " + store.spanCount());
    assertNotNull(store.trace(big.getSpanContext().getTraceId()));
  }

  @Test
  void keepsSpansEncodedSoTheSdkSpanObjectsDieYoung() throws InterruptedException {
    TraceStore store = new TraceStore(10, 100);
    Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(store).build().get("t");
    Span span = tracer.spanBuilder("GET /").setAttribute("http.route", "/").startSpan();
    String traceId = span.getSpanContext().getTraceId();
    WeakReference<Span> sdkSpan = new WeakReference<>(span);
    span.end();
    span = null;
    assertTrue(GarbageCollection.collected(sdkSpan), "the trace view keeps the SDK's span object alive");
    TraceSummary summary = new TraceSummary(store.trace(traceId));
    assertEquals("GET /", summary.root.getName());
    assertTrue(summary.matchesRoute("/"));
  }

  @Test
  void keptBytesAreCopiedBecauseTheEncodersBufferIsReused() {
    TraceStore store = new TraceStore(10, 100, 1 << 20, Integer.MAX_VALUE, false);
    List<ReadableSpan> ended = new ArrayList<>();
    Tracer tracer =
        SdkTracerProvider.builder()
            .addSpanProcessor(store)
            .addSpanProcessor(new EndedSpans(ended))
            .build()
            .get("t");
    tracer.spanBuilder("GET /").setAttribute("http.route", "/").startSpan().end();
    // the span as the export queue hands it over: a range of a buffer that is reused afterwards
    byte[][] buffer = new byte[1][];
    String[] traceId = new String[1];
    assertTrue(
        new SpanEncoder()
            .encode(
                ended.get(0),
                view -> {
                  buffer[0] = new byte[view.length() + 20];
                  System.arraycopy(view.bytes(), view.offset(), buffer[0], 7, view.length());
                  traceId[0] = view.traceId();
                  store.accept(
                      new EncodedSpan(buffer[0], 7, view.length(), view.resource(), view.scope(), view.traceId(), false));
                }));
    java.util.Arrays.fill(buffer[0], (byte) 0);
    TraceSummary summary = new TraceSummary(store.trace(traceId[0]));
    assertEquals("GET /", summary.root.getName());
  }

  @Test
  void theSpansRememberedForALaterErrorAreCopiesToo() {
    AtomicLong now = new AtomicLong();
    TraceStore store = new TraceStore(200, 5000, 1 << 20, 1, true, now::get);
    Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(store).build().get("t");
    rootWithChild(tracer, false); // takes the one admission of this second
    // the child is remembered from the encoder's buffer, which the root's encoding then reuses
    String failing = rootWithChild(tracer, true);
    List<String> names = new ArrayList<>();
    for (EncodedSpan span : store.trace(failing).spans()) {
      names.add(SpanDecoder.decode(span).getName());
    }
    names.sort(null);
    assertEquals(List.of("GET /", "SELECT"), names);
  }

  @Test
  void aTraceOverwrittenInTheArenaIsDroppedAndNewerOnesReadWhole() {
    TraceStore store = new TraceStore(1000, 100_000, 64 * 1024, Integer.MAX_VALUE, true, null);
    Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(store).build().get("t");
    List<String> ids = new ArrayList<>();
    String padding = "x".repeat(1000);
    for (int t = 0; t < 150; t++) { // some 2 KB a trace: the 64 KB arena over four times
      Span root = tracer.spanBuilder("GET /" + t).setAttribute("pad", padding).startSpan();
      tracer.spanBuilder("SELECT").setAttribute("pad", padding).setParent(Context.root().with(root)).startSpan().end();
      root.end();
      ids.add(root.getSpanContext().getTraceId());
    }
    assertNull(store.trace(ids.get(0)), "overwritten");
    int listed = store.traces().size();
    assertTrue(listed > 10 && listed < 40, "what 64 KB holds: " + listed);
    for (TraceStore.StoredTrace trace : store.traces()) {
      assertEquals(2, new TraceSummary(trace).spans.size(), "a listed trace reads whole");
    }
    TraceSummary newest = new TraceSummary(store.trace(ids.get(149)));
    assertEquals("GET /149", newest.root.getName());
    assertTrue(store.spanCount() < 2 * 150, "overwritten traces leave the counts: " + store.spanCount());
  }

  /** Collects ended spans, as the export queue would see them. */
  private static final class EndedSpans implements io.opentelemetry.sdk.trace.SpanProcessor {
    private final List<ReadableSpan> ended;

    EndedSpans(List<ReadableSpan> ended) {
      this.ended = ended;
    }

    @Override
    public void onStart(Context parentContext, io.opentelemetry.sdk.trace.ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      ended.add(span);
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  @Test
  void keepsAtMostTheRateOfNewTracesAndEachKeptTraceWhole() {
    AtomicLong now = new AtomicLong();
    TraceStore store = new TraceStore(200, 5000, 1 << 20, 3, true, now::get);
    Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(store).build().get("t");
    List<String> started = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      started.add(rootWithChild(tracer, false));
    }
    assertEquals(3, store.traces().size(), "a second's burst: 3 traces");
    for (int t = 0; t < 3; t++) {
      assertEquals(2, store.trace(started.get(t)).size(), "kept whole");
    }
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(340)); // one more a third of a second later
    String later = rootWithChild(tracer, false);
    rootWithChild(tracer, false);
    assertEquals(4, store.traces().size());
    assertNotNull(store.trace(later));
  }

  @Test
  void aFailingTraceBeyondTheRateIsKeptWithTheSpansThatEndedBeforeItsError() {
    AtomicLong now = new AtomicLong();
    TraceStore store = new TraceStore(200, 5000, 1 << 20, 1, true, now::get);
    Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(store).build().get("t");
    rootWithChild(tracer, false); // takes the one admission of this second
    String ordinary = rootWithChild(tracer, false);
    String failing = rootWithChild(tracer, true);
    assertNull(store.trace(ordinary), "beyond the rate and no error: not kept");
    TraceStore.StoredTrace kept = store.trace(failing);
    assertNotNull(kept, "an error is kept beyond the rate");
    assertEquals(2, kept.size(), "with its child, which ended before the root's error");
    assertEquals(2, store.traces().size());
  }

  @Test
  void aTraceWhoseSpansHaveNotEndedIsNotListed() {
    TraceStore store = new TraceStore(10, 100);
    Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(store).build().get("t");
    Span open = tracer.spanBuilder("in progress").startSpan();
    assertTrue(store.traces().isEmpty());
    assertNull(store.trace(open.getSpanContext().getTraceId()));
    open.end();
    assertEquals(1, store.traces().size());
  }

  /** A root span and a child that ends first, as a request and its query; the trace ID. */
  private static String rootWithChild(Tracer tracer, boolean rootFails) {
    Span root = tracer.spanBuilder("GET /").startSpan();
    tracer.spanBuilder("SELECT").setParent(Context.root().with(root)).startSpan().end();
    if (rootFails) {
      root.setStatus(StatusCode.ERROR);
    }
    root.end();
    return root.getSpanContext().getTraceId();
  }

  @Test
  void aFailureInsideTheStoreStaysInsideItAndIsCounted() {
    TraceStore store = new TraceStore(10, 100);
    Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(store).build().get("t");
    Span span = tracer.spanBuilder("GET /").startSpan();
    span.end();
    EncodedSpan kept = store.trace(span.getSpanContext().getTraceId()).spans().get(0);
    Double before = AgentRuntime.registry().getSampleValue("lantern_agent_traceview_errors_total");
    store.accept(EncodedSpanAccess.withTraceId(kept, null)); // the map refuses a null key
    Double after = AgentRuntime.registry().getSampleValue("lantern_agent_traceview_errors_total");
    assertEquals((before == null ? 0 : before) + 1, after);
    assertEquals(1, store.spanCount());
  }

  @Test
  void unsampledSpansAreNotKept() {
    TraceStore store = new TraceStore(10, 100);
    Tracer tracer =
        SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).addSpanProcessor(store).build().get("t");
    tracer.spanBuilder("dropped").startSpan().end();
    assertEquals(0, store.spanCount());
  }

  @Test
  void aSpanLinkedToAnotherTraceLeadsToIt() {
    TraceStore store = new TraceStore(10, 100);
    Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(store).build().get("t");
    Span poll = tracer.spanBuilder("poll orders").startSpan();
    poll.end();
    Span process =
        tracer.spanBuilder("process orders").addLink(poll.getSpanContext(),
            io.opentelemetry.api.common.Attributes.of(
                io.opentelemetry.api.common.AttributeKey.stringKey("messaging.operation"), "receive")).startSpan();
    process.end();
    String pollTrace = poll.getSpanContext().getTraceId();
    assertFalse(pollTrace.equals(process.getSpanContext().getTraceId()));
    String page = TraceViewPages.trace(new TraceSummary(store.trace(process.getSpanContext().getTraceId())));
    assertTrue(page.contains("trace <a href=/traces/" + pollTrace + ">" + pollTrace + "</a> span <code>"
        + poll.getSpanContext().getSpanId() + "</code>"), page);
    assertTrue(page.contains("messaging.operation</span> receive"), page);
    assertNotNull(store.trace(pollTrace), "and the linked trace is there to follow");
  }

  @Test
  void pagesEscapeEverythingThatCameFromSpans() {
    TraceStore store = new TraceStore(10, 100);
    Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(store).build().get("t");
    Span span =
        tracer.spanBuilder("GET /<script>alert(1)</script>").setAttribute("url.query", "a=\"><img src=x>").startSpan();
    span.end();
    TraceSummary summary = new TraceSummary(store.trace(span.getSpanContext().getTraceId()));
    String list = TraceViewPages.list(java.util.List.of(summary), Map.of("route", "<b>"), 1, 1, 10);
    String page = TraceViewPages.trace(summary);
    for (String html : new String[] {list, page}) {
      assertFalse(html.contains("<script>"), html);
      assertFalse(html.contains("<img"), html);
      assertFalse(html.contains("<b>"), html);
    }
    assertTrue(page.contains("GET /&lt;script&gt;alert(1)&lt;/script&gt;"), page);
    assertTrue(page.contains("a=&quot;&gt;&lt;img src=x&gt;"), page);
  }
}
