package dev.lantern.instrumentation.servlet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.correlation.CorrelationSettings;
import dev.lantern.agent.api.http.HttpServerCall;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request lifecycle on plain in-memory requests: what the containers' agent-attached tests
 * show end to end, here case by case (nesting, later dispatches, async ends on another thread).
 */
class ServletServerTracingTest {

  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static ServletServerTracing<Request, Response> tracing;

  @BeforeAll
  static void installRuntime() {
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    AgentRuntime.install(null, sdk, CorrelationSettings.DEFAULT);
    tracing = new ServletServerTracing<>("servlet-test", new Accessor());
  }

  @BeforeEach
  void reset() {
    SPANS.reset();
  }

  @Test
  void nestedFiltersAndServletsMakeOneSpanEndedByTheOutermost() {
    Request request = new Request("/owners/1");
    Response response = new Response();
    Object outer = tracing.enter(request, response);
    assertNotNull(outer);
    assertNull(tracing.enter(request, response), "a nested filter does nothing");
    assertSame(HttpServerCall.current(), request.attributes.get(ServletServerTracing.CALL_ATTRIBUTE));
    assertNotNull(response.headers.get("X-Correlation-ID"), "the correlation ID is on the response");
    tracing.exit(null, null);
    assertTrue(SPANS.getFinishedSpanItems().isEmpty());
    response.status = 204;
    tracing.exit(outer, null);
    SpanData span = single();
    assertEquals("GET /route", span.getName());
    assertEquals(204L, span.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
    assertEquals(Context.root(), Context.current(), "the request's context is gone after the outermost exit");
  }

  @Test
  void anExceptionOnAnUncommittedResponseIsA500AndOnACommittedOneKeepsTheStatus() {
    Request request = new Request("/fail");
    Response response = new Response();
    tracing.exit(tracing.enter(request, response), new IllegalStateException("boom"));
    SpanData failed = single();
    assertEquals(500L, failed.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
    assertEquals("java.lang.IllegalStateException", failed.getAttributes().get(AttributeKey.stringKey("error.type")));

    SPANS.reset();
    Response committed = new Response();
    Object state = tracing.enter(new Request("/late"), committed);
    committed.committed = true;
    tracing.exit(state, new IllegalStateException("after the answer"));
    assertEquals(200L, single().getAttributes().get(AttributeKey.longKey("http.response.status_code")));
  }

  @Test
  void aLaterDispatchRunsInTheRequestsContextWithoutASecondSpan() {
    Request request = new Request("/fail");
    Response response = new Response();
    Object state = tracing.enter(request, response);
    Span span = Span.current();
    tracing.exit(state, new IllegalStateException("boom"));
    request.initialDispatch = false; // the container's error-page dispatch
    Object errorDispatch = tracing.enter(request, response);
    assertEquals(span.getSpanContext(), Span.current().getSpanContext());
    tracing.exit(errorDispatch, null);
    assertEquals(Context.root(), Context.current());
    assertEquals(1, SPANS.getFinishedSpanItems().size());
  }

  @Test
  void anAsyncRequestEndsWhenTheContainerCompletesItOnAnotherThread() throws Exception {
    Request request = new Request("/async");
    Response response = new Response();
    Object state = tracing.enter(request, response);
    request.asyncStarted = true;
    tracing.exit(state, null);
    assertEquals(Context.root(), Context.current(), "the scope is closed on the request thread");
    assertTrue(SPANS.getFinishedSpanItems().isEmpty(), "not ended when service() returns");
    assertNotNull(request.listener);

    Context[] workerContext = new Context[2];
    Thread worker =
        new Thread(
            () -> {
              workerContext[0] = Context.current();
              response.status = 202;
              request.listener.run();
              request.listener.run(); // a container calling twice ends it once
              workerContext[1] = Context.current();
            });
    worker.start();
    worker.join();
    assertEquals(workerContext[0], workerContext[1], "ending on another thread leaves its context alone");
    assertEquals(202L, single().getAttributes().get(AttributeKey.longKey("http.response.status_code")));
  }

  private static SpanData single() {
    List<SpanData> spans = SPANS.getFinishedSpanItems();
    assertEquals(1, spans.size(), spans.toString());
    return spans.get(0);
  }

  static final class Request {
    final String uri;
    final Map<String, Object> attributes = new HashMap<>();
    boolean initialDispatch = true;
    boolean asyncStarted;
    Runnable listener;

    Request(String uri) {
      this.uri = uri;
    }
  }

  static final class Response {
    int status = 200;
    boolean committed;
    final Map<String, String> headers = new HashMap<>();
  }

  /** An API generation made of plain maps and fields. */
  static final class Accessor implements ServletAccessor<Request, Response> {
    @Override public String method(Request r) { return "GET"; }
    @Override public String scheme(Request r) { return "http"; }
    @Override public String requestUri(Request r) { return r.uri; }
    @Override public String query(Request r) { return null; }
    @Override public String header(Request r, String name) { return null; }
    @Override public String remoteAddress(Request r) { return "127.0.0.1"; }
    @Override public int remotePort(Request r) { return 40000; }
    @Override public String protocol(Request r) { return "HTTP/1.1"; }
    @Override public String mappingRoute(Request r) { return "/route"; }
    @Override public boolean isInitialDispatch(Request r) { return r.initialDispatch; }
    @Override public Object getAttribute(Request r, String name) { return r.attributes.get(name); }
    @Override public void setAttribute(Request r, String name, Object value) { r.attributes.put(name, value); }
    @Override public boolean isAsyncStarted(Request r) { return r.asyncStarted; }

    @Override
    public boolean addAsyncListener(ServletExchange<Request, Response> exchange, ServletServerTracing<Request, Response> t) {
      exchange.request().listener = () -> t.end(exchange, null);
      return true;
    }

    @Override public long requestBodySize(Request r) { return -1; }
    @Override public int status(Response r) { return r.status; }
    @Override public boolean isCommitted(Response r) { return r.committed; }
    @Override public String responseHeader(Response r, String name) { return r.headers.get(name); }
    @Override public void setResponseHeader(Response r, String name, String value) { r.headers.put(name, value); }
    @Override public Throwable unwrap(Throwable error) { return error; }
  }
}
