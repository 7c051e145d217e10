package dev.lantern.agent.traceview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.ref.WeakReference;
import java.util.Map;
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
    for (int i = 0; i < 50 && sdkSpan.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertNull(sdkSpan.get(), "the trace view keeps the SDK's span object alive");
    TraceSummary summary = new TraceSummary(store.trace(traceId));
    assertEquals("GET /", summary.root.getName());
    assertTrue(summary.matchesRoute("/"));
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
  void pagesEscapeEverythingThatCameFromSpans() {
    TraceStore store = new TraceStore(10, 100);
    Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(store).build().get("t");
    Span span =
        tracer.spanBuilder("GET /<script>alert(1)</script>").setAttribute("url.query", "a=\"><img src=x>").startSpan();
    span.end();
    TraceSummary summary = new TraceSummary(store.trace(span.getSpanContext().getTraceId()));
    String list = TraceViewPages.list(java.util.List.of(summary), Map.of("route", "<b>"), 1, 1);
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
