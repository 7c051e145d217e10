package dev.lantern.testapps.jetty;

import testapp.jetty.JettyApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jetty 12 (ee10) with Jersey 3 under the agent: mapping and JAX-RS routes, async, errors. */
class JettyServletIT {

  private static OtlpReceiver otlp;
  private static AgentApp app;

  @BeforeAll
  static void start() {
    otlp = OtlpReceiver.start();
    app = JettyApps.builder(otlp, "jetty-shop").start();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (otlp != null) {
      otlp.close();
    }
  }

  @Test
  void exactMappingUnderTheContextPathIsTheRouteAndTheFilterAddsNoSpan() {
    HttpResult response = Http.get(app.url("/shop/hello"), Map.of("X-Correlation-ID", "jetty-hello")).requireStatus(200);
    assertEquals("jetty-hello", response.header("X-Correlation-ID"));
    ReceivedSpan span = otlp.awaitSpanNamed("GET /shop/hello", JettyApps.WAIT);
    assertEquals("/shop/hello", span.attr("http.route"));
    assertEquals(5L, span.longAttr("http.response.body.size"));
    assertEquals("lantern.servlet", span.scopeName());
    assertEquals(1, otlp.trace(span.traceId()).size(), otlp.trace(span.traceId()).toString());
    String line = JettyApps.logLine(app, span.traceId(), "dispatch REQUEST /shop/hello");
    assertTrue(line.contains("correlation_id=jetty-hello"), line);

    PrometheusScrape scrape = app.scrape();
    Map<String, String> labels = Map.of("http_route", "/shop/hello", "http_response_status_code", "200");
    assertEquals(1.0, scrape.value("http_server_response_body_size_bytes_count", labels));
    assertEquals(5.0, scrape.value("http_server_response_body_size_bytes_sum", labels));
  }

  @Test
  void jerseyResourceTemplatesAreTheRoute() {
    Http.get(app.url("/shop/api/orders/17")).requireStatus(200);
    Http.get(app.url("/shop/api/orders/17/lines/3")).requireStatus(200);
    ReceivedSpan order = otlp.awaitSpanNamed("GET /shop/api/orders/{id}", JettyApps.WAIT);
    assertEquals("/shop/api/orders/{id}", order.attr("http.route"));
    assertEquals("/shop/api/orders/17", order.attr("url.path"));
    otlp.awaitSpanNamed("GET /shop/api/orders/{id}/lines/{line}", JettyApps.WAIT);
    assertTrue(JettyApps.logLine(app, order.traceId(), "jersey order 17").contains("span_id=" + order.spanId()));
    assertEquals(
        1.0,
        app.scrape().value("http_server_request_duration_seconds_count", Map.of("http_route", "/shop/api/orders/{id}")));
  }

  @Test
  void asyncRequestEndsWhenAnotherThreadCompletesIt() throws Exception {
    CompletableFuture<HttpResult> waiting =
        CompletableFuture.supplyAsync(() -> Http.get(app.url("/shop/async?id=j1")));
    app.jvm().awaitLine(java.util.regex.Pattern.compile(".*msg=async j1 waiting$"), JettyApps.WAIT);
    Http.get(app.url("/shop/release?id=j1")).requireStatus(200);
    HttpResult answer = waiting.get();
    assertEquals(202, answer.status());
    assertEquals("released", answer.body());
    ReceivedSpan async = otlp.awaitSpan(s -> "id=j1".equals(s.attr("url.query")) && s.name().equals("GET /shop/async"), JettyApps.WAIT);
    ReceivedSpan release = otlp.awaitSpan(s -> "id=j1".equals(s.attr("url.query")) && s.name().equals("GET /shop/release"), JettyApps.WAIT);
    assertEquals(202L, async.longAttr("http.response.status_code"), "the status the worker set");
    assertTrue(async.endEpochNanos() > release.startEpochNanos(), "ended by the completion, not by service()");
  }

  @Test
  void asyncDispatchRunsInTheRequestsSpan() {
    assertEquals("dispatched", Http.get(app.url("/shop/async-dispatch")).requireStatus(200).body());
    ReceivedSpan span = otlp.awaitSpanNamed("GET /shop/async-dispatch", JettyApps.WAIT);
    String line = JettyApps.logLine(app, span.traceId(), "answering in the async dispatch");
    assertTrue(line.contains("span_id=" + span.spanId()), line);
    assertEquals(1, otlp.trace(span.traceId()).size());
    assertEquals(200L, span.longAttr("http.response.status_code"));
  }

  @Test
  void aTaskStartedOnTheAsyncContextRunsInTheRequestsContext() {
    assertEquals("started", Http.get(app.url("/shop/async-start")).requireStatus(200).body());
    ReceivedSpan span = otlp.awaitSpanNamed("GET /shop/async-start", JettyApps.WAIT);
    String line = JettyApps.logLine(app, span.traceId(), "async task running");
    assertTrue(line.contains("span_id=" + span.spanId()), line);
  }

  @Test
  void exceptionBecomesA500WithTheRootCauseRecorded() {
    Http.get(app.url("/shop/fail")).requireStatus(500);
    ReceivedSpan span = otlp.awaitSpanNamed("GET /shop/fail", JettyApps.WAIT);
    assertEquals(500L, span.longAttr("http.response.status_code"));
    assertEquals("ERROR", span.statusCode());
    assertEquals("java.lang.IllegalStateException", span.attr("error.type"), "the ServletException's root cause");
  }

  @Test
  void sendErrorThroughTheErrorPageKeepsItsStatusAndOneSpan() {
    HttpResult response = Http.get(app.url("/shop/missing")).requireStatus(404);
    assertEquals("error page for 404", response.body());
    ReceivedSpan span = otlp.awaitSpanNamed("GET /shop/missing", JettyApps.WAIT);
    assertEquals(404L, span.longAttr("http.response.status_code"));
    // Jetty reports the error page's path during the ERROR dispatch
    JettyApps.logLine(app, span.traceId(), "dispatch ERROR /shop/errors");
    assertEquals(1, otlp.trace(span.traceId()).size(), otlp.trace(span.traceId()).toString());
  }

  @Test
  void requestBodySizeComesFromContentLength() {
    Http.post(app.url("/shop/hello"), "y".repeat(5000), Map.of()).requireStatus(200);
    otlp.awaitSpanNamed("POST /shop/hello", JettyApps.WAIT);
    assertEquals(
        5000.0,
        app.scrape().value("http_server_request_body_size_bytes_sum", Map.of("http_route", "/shop/hello", "http_request_method", "POST")));
    assertNotNull(app.scrape().find("http_server_active_requests", Map.of("http_request_method", "POST")).orElse(null));
  }
}
