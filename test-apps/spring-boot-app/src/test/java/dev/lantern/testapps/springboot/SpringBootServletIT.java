package dev.lantern.testapps.springboot;

import testapp.springboot.SpringBootApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spring Boot 4 on embedded Tomcat 11 under the agent, and a second instance of it as the
 * downstream service: routes from Spring MVC, one SERVER span per request through Spring's filter
 * chain and DispatcherServlet, async handlers, error pages, correlation IDs, cross-JVM traces.
 */
class SpringBootServletIT {

  private static OtlpReceiver otlp;
  private static AgentApp backend;
  private static AgentApp app;

  @BeforeAll
  static void start() {
    otlp = OtlpReceiver.start();
    backend = SpringBootApps.builder(otlp, "owners-backend").start();
    app =
        SpringBootApps.builder(otlp, "owners-frontend")
            .sysProp("app.downstream", "http://127.0.0.1:" + backend.port())
            .start();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {app, backend, otlp}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  private static List<ReceivedSpan> serverSpans(String traceId) {
    return otlp.trace(traceId).stream().filter(s -> s.kind().equals("SERVER")).collect(Collectors.toList());
  }

  @Test
  void pathVariableRouteNamesTheOneServerSpanAndTheMetric() {
    Http.get(app.url("/owners/42?x=1")).requireStatus(200);
    Http.get(app.url("/owners/43")).requireStatus(200);
    Http.get(app.url("/owners/43/pets/7")).requireStatus(200);
    ReceivedSpan span =
        otlp.awaitSpan(s -> s.name().equals("GET /owners/{ownerId}") && "/owners/42".equals(s.attr("url.path")), SpringBootApps.WAIT);
    assertEquals("SERVER", span.kind());
    assertEquals("lantern.servlet", span.scopeName());
    assertEquals("/owners/{ownerId}", span.attr("http.route"));
    assertEquals("x=1", span.attr("url.query"));
    assertEquals(200L, span.longAttr("http.response.status_code"));
    assertEquals("http", span.attr("url.scheme"));
    assertEquals("127.0.0.1", span.attr("client.address"));
    assertEquals("1.1", span.attr("network.protocol.version"));
    assertEquals((long) app.port(), span.longAttr("server.port"));
    assertEquals("UNSET", span.statusCode());
    assertTrue(span.isRoot());
    // Spring's filters (character encoding, form content, request context, ours) and the
    // DispatcherServlet all ran inside: still one span, and nothing else in the trace
    assertEquals(1, otlp.trace(span.traceId()).size(), otlp.trace(span.traceId()).toString());
    otlp.awaitSpanNamed("GET /owners/{ownerId}/pets/{petId}", SpringBootApps.WAIT);
    otlp.awaitSpans(all -> all.stream().filter(s -> "/owners/43".equals(s.attr("url.path"))).count() >= 1, SpringBootApps.WAIT);

    PrometheusScrape scrape = app.scrape();
    assertEquals(
        2.0,
        scrape.value(
            "http_server_request_duration_seconds_count",
            Map.of("http_route", "/owners/{ownerId}", "http_request_method", "GET",
                "http_response_status_code", "200", "url_scheme", "http", "error_type", "")));
    assertEquals(
        1.0,
        scrape.value("http_server_request_duration_seconds_count", Map.of("http_route", "/owners/{ownerId}/pets/{petId}")));
    assertTrue(
        scrape.samples("http_server_request_duration_seconds_count").stream()
            .noneMatch(s -> s.label("http_route").matches(".*\\d.*")),
        "never a raw path: " + scrape.samples("http_server_request_duration_seconds_count"));
  }

  @Test
  void exceptionIsRecordedAsA500AndTheErrorPageAddsNoSpan() {
    HttpResult response = Http.get(app.url("/fail")).requireStatus(500);
    assertTrue(response.body().contains("boom") || response.body().contains("Internal"), response.body());
    ReceivedSpan span = otlp.awaitSpanNamed("GET /fail", SpringBootApps.WAIT);
    assertEquals(500L, span.longAttr("http.response.status_code"));
    assertEquals("ERROR", span.statusCode());
    assertEquals("java.lang.IllegalStateException", span.attr("error.type"));
    ReceivedSpan.Event exception =
        span.events().stream().filter(e -> e.name().equals("exception")).findFirst().orElseThrow();
    assertEquals("boom", exception.attributes().get("exception.message"));
    // the error page (/error, an ERROR dispatch through the same filters) runs in the request's
    // context: its log line carries the trace, and it adds no span of its own
    String errorDispatch = SpringBootApps.logLine(app, span.traceId(), "dispatch ERROR /error");
    assertTrue(errorDispatch.contains("span_id=" + span.spanId()), errorDispatch);
    assertEquals(1, serverSpans(span.traceId()).size(), otlp.trace(span.traceId()).toString());
    assertEquals(
        1.0,
        app.scrape().value(
            "http_server_request_duration_seconds_count",
            Map.of("http_route", "/fail", "http_response_status_code", "500", "error_type", "java.lang.IllegalStateException")));
  }

  @Test
  void statusSetThroughTheErrorPageIsTheSpansStatus() {
    Http.get(app.url("/missing/9")).requireStatus(404);
    ReceivedSpan span = otlp.awaitSpanNamed("GET /missing/{id}", SpringBootApps.WAIT);
    assertEquals(404L, span.longAttr("http.response.status_code"));
    assertEquals("UNSET", span.statusCode(), "a 4xx is the client's error, not the server's");
    assertEquals(1, serverSpans(span.traceId()).size());
  }

  @Test
  void aFilterThatAnswersByItselfIsTracedWithTheMappingAsRoute() {
    Http.get(app.url("/deny")).requireStatus(401);
    // Spring Boot maps DispatcherServlet to "/", so the servlet mapping gives "/*"
    ReceivedSpan span = otlp.awaitSpan(s -> "/deny".equals(s.attr("url.path")), SpringBootApps.WAIT);
    assertEquals("GET /*", span.name());
    assertEquals(401L, span.longAttr("http.response.status_code"));
  }

  @Test
  void asyncRequestEndsWhenTheAsyncWorkCompletesAndItsDispatchIsInContext() throws Exception {
    CompletableFuture<HttpResult> waiting =
        CompletableFuture.supplyAsync(() -> Http.get(app.url("/async/k1")));
    SpringBootApps.logLine(app, "async k1 waiting");
    Http.get(app.url("/release/k1")).requireStatus(200);
    assertEquals("released k1", waiting.get().requireStatus(200).body());

    ReceivedSpan async = otlp.awaitSpanNamed("GET /async/{key}", SpringBootApps.WAIT);
    ReceivedSpan release = otlp.awaitSpanNamed("GET /release/{key}", SpringBootApps.WAIT);
    assertTrue(
        async.endEpochNanos() > release.startEpochNanos(),
        "the async request's span ends after the release request started, not when service() returned");
    assertEquals(200L, async.longAttr("http.response.status_code"));
    assertEquals(1, serverSpans(async.traceId()).size());
    String asyncDispatch = SpringBootApps.logLine(app, async.traceId(), "dispatch ASYNC /async/k1");
    assertTrue(asyncDispatch.contains("span_id=" + async.spanId()), asyncDispatch);
  }

  @Test
  void correlationIdIsInTheLogsAndOnTheResponse() {
    HttpResult response =
        Http.get(app.url("/owners/77"), Map.of("X-Correlation-ID", "corr-boot-77")).requireStatus(200);
    assertEquals("corr-boot-77", response.header("X-Correlation-ID"));
    ReceivedSpan span = otlp.awaitSpan(s -> "/owners/77".equals(s.attr("url.path")), SpringBootApps.WAIT);
    assertEquals("corr-boot-77", span.attr("lantern.correlation_id"));
    String line = SpringBootApps.logLine(app, "handling owner 77");
    assertTrue(line.contains("correlation_id=corr-boot-77"), line);
    assertTrue(line.contains("trace_id=" + span.traceId()), line);
    assertTrue(line.contains("span_id=" + span.spanId()), line);

    String generated = Http.get(app.url("/owners/78")).requireStatus(200).header("X-Correlation-ID");
    assertNotNull(generated);
    assertTrue(SpringBootApps.logLine(app, "handling owner 78").contains("correlation_id=" + generated));
  }

  @Test
  void aCallToAnotherServiceContinuesTheTraceInTheOtherJvm() {
    HttpResult response =
        Http.get(app.url("/call/5"), Map.of("X-Correlation-ID", "corr-chain-5")).requireStatus(200);
    assertEquals("downstream said: owner 5", response.body());
    ReceivedSpan front = otlp.awaitSpanNamed("GET /call/{id}", SpringBootApps.WAIT);
    List<ReceivedSpan> trace = otlp.awaitSpans(all -> otlp.trace(front.traceId()).size() >= 3, SpringBootApps.WAIT);
    assertFalse(trace.isEmpty());
    List<ReceivedSpan> spans = otlp.trace(front.traceId());
    ReceivedSpan client = spans.stream().filter(s -> s.kind().equals("CLIENT")).findFirst().orElseThrow();
    ReceivedSpan back =
        spans.stream().filter(s -> s.name().equals("GET /owners/{ownerId}")).findFirst().orElseThrow();
    assertEquals(front.spanId(), client.parentSpanId());
    assertEquals(client.spanId(), back.parentSpanId());
    assertEquals("owners-frontend", front.resource().get("service.name"));
    assertEquals("owners-backend", back.resource().get("service.name"));
    assertEquals("corr-chain-5", back.attr("lantern.correlation_id"));
    String backendLog = SpringBootApps.logLine(backend, "handling owner 5");
    assertTrue(backendLog.contains("correlation_id=corr-chain-5"), backendLog);
    assertTrue(backendLog.contains("trace_id=" + front.traceId()), backendLog);
  }

  @Test
  void requestBodySizeIsRecorded() {
    Http.post(app.url("/owners"), "x".repeat(300), Map.of("Content-Type", "text/plain")).requireStatus(201);
    otlp.awaitSpan(s -> s.name().equals("POST /owners"), SpringBootApps.WAIT);
    PrometheusScrape scrape = app.scrape();
    Map<String, String> labels = Map.of("http_route", "/owners", "http_request_method", "POST", "http_response_status_code", "201");
    assertEquals(1.0, scrape.value("http_server_request_body_size_bytes_count", labels));
    assertEquals(300.0, scrape.value("http_server_request_body_size_bytes_sum", labels));
    assertEquals(1.0, scrape.value("http_server_request_body_size_bytes_bucket", concat(labels, "le", "1024.0")));
    assertEquals(0.0, scrape.value("http_server_request_body_size_bytes_bucket", concat(labels, "le", "256.0")));
  }

  private static Map<String, String> concat(Map<String, String> labels, String key, String value) {
    java.util.HashMap<String, String> all = new java.util.HashMap<>(labels);
    all.put(key, value);
    return all;
  }

  @Test
  void activeRequestsReturnToZero() {
    Http.get(app.url("/owners/1")).requireStatus(200);
    otlp.awaitSpan(s -> "/owners/1".equals(s.attr("url.path")), SpringBootApps.WAIT);
    assertEquals(
        0.0,
        app.scrape().value("http_server_active_requests", Map.of("http_request_method", "GET", "url_scheme", "http")));
    assertTrue(app.agentWarnings().isEmpty(), app.agentWarnings().toString());
    assertEquals(0, app.scrape().samples("lantern_agent_advice_errors_total").size(), "no advice errors");
  }
}
