package dev.lantern.testapps.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One service under the agent: server and client spans, metrics, the metrics port, log lines. */
class JdkHttpServerIT {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  private static OtlpReceiver otlp;
  private static AgentApp app;

  @BeforeAll
  static void start() {
    otlp = OtlpReceiver.start();
    int port = dev.lantern.testing.Ports.freePort();
    app =
        Apps.logback(otlp, "orders")
            .sysProp("app.port", Integer.toString(port))
            .sysProp("app.downstream", "http://127.0.0.1:" + port)
            .start();
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
  void serverSpanCarriesSemanticConventionAttributes() {
    HttpResult response =
        Http.get(app.url("/hello?token=s3cret&page=2"), Map.of("User-Agent", "lantern-it"))
            .requireStatus(200);
    String correlationId = response.header("X-Correlation-ID");
    assertNotNull(correlationId, "the response carries the generated correlation ID");
    assertTrue(correlationId.matches(UUID), correlationId);

    ReceivedSpan span =
        otlp.awaitSpan(s -> s.name().equals("GET /hello") && "token=REDACTED&page=2".equals(s.attr("url.query")), WAIT);
    assertEquals("SERVER", span.kind());
    assertTrue(span.isRoot());
    assertEquals("GET", span.attr("http.request.method"));
    assertEquals("/hello", span.attr("http.route"));
    assertEquals("/hello", span.attr("url.path"));
    assertEquals("token=REDACTED&page=2", span.attr("url.query"), "secret-looking values are redacted");
    assertEquals("http", span.attr("url.scheme"));
    assertEquals(200L, span.longAttr("http.response.status_code"));
    assertEquals("127.0.0.1", span.attr("server.address"));
    assertEquals((long) app.port(), span.longAttr("server.port"));
    assertEquals("127.0.0.1", span.attr("client.address"));
    assertEquals("1.1", span.attr("network.protocol.version"));
    assertEquals("lantern-it", span.attr("user_agent.original"));
    assertEquals(correlationId, span.attr("lantern.correlation_id"));
    assertEquals("UNSET", span.statusCode());
    assertEquals("orders", span.resource().get("service.name"));
    assertEquals("lantern", span.resource().get("telemetry.distro.name"));
    // read from the agent jar's own version file; "unknown" if that read failed
    String version = String.valueOf(span.resource().get("telemetry.distro.version"));
    assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
    assertEquals("lantern.jdk-httpserver", span.scopeName());
  }

  @Test
  void serverDurationHistogramUsesRouteAndSemconvBuckets() {
    for (int i = 0; i < 3; i++) {
      Http.get(app.url("/status/201/anything-" + i)).requireStatus(201);
    }
    otlp.awaitSpans(spans -> spans.stream().filter(s -> s.name().equals("GET /status")).count() >= 3, WAIT);
    PrometheusScrape scrape = app.scrape();
    Map<String, String> labels =
        Map.of(
            "http_request_method", "GET",
            "http_response_status_code", "201",
            "http_route", "/status",
            "url_scheme", "http");
    assertEquals(3.0, scrape.value("http_server_request_duration_seconds_count", labels));
    assertTrue(scrape.value("http_server_request_duration_seconds_sum", labels) > 0);
    Set<String> bounds =
        scrape.samples("http_server_request_duration_seconds_bucket").stream()
            .filter(s -> s.hasLabels(labels))
            .map(s -> s.label("le"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        new TreeSet<>(
            List.of("0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1.0",
                "2.5", "5.0", "7.5", "10.0", "+Inf")),
        bounds);
    assertTrue(
        scrape.samples("http_server_request_duration_seconds_count").stream()
            .noneMatch(s -> s.label("http_route").contains("anything")),
        "the raw path never becomes a label");
    assertEquals(
        0.0,
        scrape.value("http_server_active_requests", Map.of("http_request_method", "GET", "url_scheme", "http")));
  }

  @Test
  void histogramBucketsCarryTraceIdsAsOpenMetricsExemplars() {
    Http.get(app.url("/status/202/exemplar")).requireStatus(202);
    ReceivedSpan span = otlp.awaitSpan(s -> "/status/202/exemplar".equals(s.attr("url.path")), WAIT);
    PrometheusScrape openMetrics =
        PrometheusScrape.scrape(app.metricsUrl("/metrics"), PrometheusScrape.OPENMETRICS_ACCEPT);
    List<PrometheusScrape.Sample> withExemplar =
        openMetrics.samples("http_server_request_duration_seconds_bucket").stream()
            .filter(s -> "202".equals(s.label("http_response_status_code")) && s.exemplar().isPresent())
            .collect(Collectors.toList());
    assertEquals(1, withExemplar.size(), "one bucket holds the request: " + withExemplar);
    Map<String, String> exemplar = withExemplar.get(0).exemplar().orElseThrow().labels();
    assertEquals(span.traceId(), exemplar.get("trace_id"));
    assertEquals(span.spanId(), exemplar.get("span_id"));
    PrometheusScrape text = PrometheusScrape.scrape(app.metricsUrl("/metrics"), PrometheusScrape.TEXT_ACCEPT);
    assertTrue(text.samples().stream().noneMatch(s -> s.exemplar().isPresent()), "the 0.0.4 text format has no exemplars");
  }

  @Test
  void handlerExceptionIsRecordedAndStillReachesTheServer() {
    // the JDK server closes the connection when a handler throws; the agent must not change that
    // (the JDK client retries an idempotent GET once, so the handler may run twice)
    assertThrows(UncheckedIOException.class, () -> Http.get(app.url("/fail")));
    // both runs ended before the client gave up, so the metric is final; their spans may come in
    // two export batches, so wait for as many spans as observations
    double observations =
        app.scrape()
            .value(
                "http_server_request_duration_seconds_count",
                Map.of("http_route", "/fail", "error_type", "java.lang.IllegalStateException"));
    Predicate<ReceivedSpan> fail = s -> s.name().equals("GET /fail");
    List<ReceivedSpan> failSpans =
        otlp.awaitSpans(all -> all.stream().filter(fail).count() >= Math.max(1, observations), WAIT)
            .stream()
            .filter(fail)
            .collect(Collectors.toList());
    ReceivedSpan span = failSpans.get(0);
    assertEquals("ERROR", span.statusCode());
    assertEquals("java.lang.IllegalStateException", span.attr("error.type"));
    assertNotNull(span.events().stream().filter(e -> e.name().equals("exception")).findFirst().orElse(null));
    assertEquals(
        "boom",
        span.events().stream()
            .filter(e -> e.name().equals("exception"))
            .findFirst()
            .orElseThrow()
            .attributes()
            .get("exception.message"));
    assertEquals(
        observations,
        (double) failSpans.size(),
        "one metric observation per span");
  }

  @Test
  void serverErrorsAreErrorsAndClientErrorsAreNot() {
    Http.get(app.url("/status/503")).requireStatus(503);
    Http.get(app.url("/status/404")).requireStatus(404);
    List<ReceivedSpan> spans =
        otlp.awaitSpans(
            all -> all.stream().anyMatch(s -> Long.valueOf(503).equals(s.attributes().get("http.response.status_code")))
                && all.stream().anyMatch(s -> Long.valueOf(404).equals(s.attributes().get("http.response.status_code"))),
            WAIT);
    ReceivedSpan unavailable = find(spans, 503);
    assertEquals("ERROR", unavailable.statusCode());
    assertEquals("503", unavailable.attr("error.type"));
    ReceivedSpan notFound = find(spans, 404);
    assertEquals("UNSET", notFound.statusCode());
    assertEquals(null, notFound.attr("error.type"));
  }

  private static ReceivedSpan find(List<ReceivedSpan> spans, long status) {
    return spans.stream()
        .filter(s -> Long.valueOf(status).equals(s.attributes().get("http.response.status_code")))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void inboundTraceContextIsContinued() {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parentId = "00f067aa0ba902b7";
    Http.get(app.url("/hello?continued"), Map.of("traceparent", "00-" + traceId + "-" + parentId + "-01"))
        .requireStatus(200);
    ReceivedSpan span = otlp.awaitSpan(s -> "continued".equals(s.attr("url.query")), WAIT);
    assertEquals(traceId, span.traceId());
    assertEquals(parentId, span.parentSpanId());
  }

  @Test
  void malformedTraceparentStartsANewTraceAndTheRequestSucceeds() {
    for (String bad :
        List.of("garbage", "00-xyz-abc-01", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "x".repeat(20_000))) {
      Http.get(app.url("/hello?bad=" + bad.length()), Map.of("traceparent", bad)).requireStatus(200);
    }
    List<ReceivedSpan> spans =
        otlp.awaitSpans(all -> all.stream().filter(s -> String.valueOf(s.attr("url.query")).startsWith("bad=")).count() >= 5, WAIT);
    for (ReceivedSpan span : spans) {
      if (String.valueOf(span.attr("url.query")).startsWith("bad=")) {
        assertTrue(span.isRoot(), "a malformed traceparent is ignored: " + span);
        assertNotEquals("00000000000000000000000000000000", span.traceId());
      }
    }
  }

  @Test
  void inboundCorrelationHeadersAreUsedInOrderAndValidated() {
    assertEquals(
        "order-17",
        Http.get(app.url("/hello"), Map.of("X-Correlation-ID", "order-17", "X-Request-ID", "req-9"))
            .requireStatus(200)
            .header("X-Correlation-ID"));
    assertEquals(
        "req-9",
        Http.get(app.url("/hello"), Map.of("X-Request-ID", "req-9")).requireStatus(200).header("X-Correlation-ID"));
    for (String invalid : List.of("has space", "quote\"d", "x".repeat(200), "ünïcode")) {
      String returned =
          Http.get(app.url("/hello"), Map.of("X-Correlation-ID", invalid)).requireStatus(200).header("X-Correlation-ID");
      assertTrue(returned.matches(UUID), "an invalid ID is replaced, not propagated: " + returned);
    }
  }

  @Test
  void clientCallIsAChildAndCarriesTraceAndCorrelationHeaders() {
    HttpResult response =
        Http.get(app.url("/call"), Map.of("X-Correlation-ID", "corr-client-1")).requireStatus(200);
    String downstreamHeaders = response.body();
    List<ReceivedSpan> trace =
        otlp.awaitSpans(
            all -> all.stream().anyMatch(s -> s.name().equals("GET /call")
                && otlp.trace(s.traceId()).size() >= 3),
            WAIT);
    ReceivedSpan server = trace.stream().filter(s -> s.name().equals("GET /call")).findFirst().orElseThrow();
    List<ReceivedSpan> spans = otlp.trace(server.traceId());
    ReceivedSpan client = spans.stream().filter(s -> s.kind().equals("CLIENT")).findFirst().orElseThrow();
    ReceivedSpan downstream = spans.stream().filter(s -> s.name().equals("GET /headers")).findFirst().orElseThrow();
    assertEquals(server.spanId(), client.parentSpanId());
    assertEquals(client.spanId(), downstream.parentSpanId());
    assertEquals("GET", client.name());
    assertEquals("lantern.java-http-client", client.scopeName());
    assertEquals("http://127.0.0.1:" + app.port() + "/headers", client.attr("url.full"));
    assertEquals(200L, client.longAttr("http.response.status_code"));
    assertEquals("127.0.0.1", client.attr("server.address"));

    assertTrue(
        downstreamHeaders.matches("(?s).*traceparent: 00-" + server.traceId() + "-" + client.spanId() + "-0[13]\n.*"),
        downstreamHeaders);
    assertTrue(downstreamHeaders.contains("x-correlation-id: corr-client-1"), downstreamHeaders);
    assertTrue(downstreamHeaders.contains("correlation_id=corr-client-1"), "baggage: " + downstreamHeaders);
    assertEquals("corr-client-1", downstream.attr("lantern.correlation_id"));

    assertTrue(
        app.scrape()
                .value(
                    "http_client_request_duration_seconds_count",
                    Map.of(
                        "http_request_method", "GET",
                        "http_response_status_code", "200",
                        "server_address", "127.0.0.1",
                        "server_port", Integer.toString(app.port())))
            >= 1.0);
  }

  @Test
  void asyncClientCallEndsItsSpanWhenTheResponseArrives() {
    Http.get(app.url("/call-async")).requireStatus(200);
    ReceivedSpan server = otlp.awaitSpan(s -> s.name().equals("GET /call-async"), WAIT);
    List<ReceivedSpan> spans = otlp.awaitSpans(all -> otlp.trace(server.traceId()).size() >= 3, WAIT);
    ReceivedSpan client =
        otlp.trace(server.traceId()).stream().filter(s -> s.kind().equals("CLIENT")).findFirst().orElseThrow();
    ReceivedSpan downstream =
        otlp.trace(server.traceId()).stream().filter(s -> s.name().equals("GET /headers")).findFirst().orElseThrow();
    assertEquals(server.spanId(), client.parentSpanId());
    assertEquals(client.spanId(), downstream.parentSpanId());
    assertEquals(200L, client.longAttr("http.response.status_code"));
    assertFalse(spans.isEmpty());
  }

  @Test
  void refusedConnectionIsAnErrorOnTheClientSpanAndInTheMetric() {
    HttpResult response = Http.get(app.url("/call-refused")).requireStatus(502);
    assertEquals("java.net.ConnectException", response.body());
    ReceivedSpan client =
        otlp.awaitSpan(s -> s.kind().equals("CLIENT") && "http://127.0.0.1:1/nothing".equals(s.attr("url.full")), WAIT);
    assertEquals("ERROR", client.statusCode());
    assertEquals("java.net.ConnectException", client.attr("error.type"));
    assertEquals(
        1.0,
        app.scrape()
            .value(
                "http_client_request_duration_seconds_count",
                Map.of("server_port", "1", "error_type", "java.net.ConnectException", "http_response_status_code", "")));
  }

  @Test
  void healthEndpointsAnswer() {
    HttpResult live = Http.get(app.metricsUrl("/health/live")).requireStatus(200);
    assertEquals("{\"status\":\"UP\"}", live.body());
    assertTrue(live.contentType().startsWith("application/json"));
    Http.get(app.url("/hello")).requireStatus(200);
    otlp.awaitSpanNamed("GET /hello", WAIT);
    HttpResult ready = Http.get(app.metricsUrl("/health/ready")).requireStatus(200);
    assertTrue(ready.body().contains("\"status\":\"UP\""), ready.body());
    assertTrue(ready.body().contains("\"reachable\":true"), ready.body());
    assertTrue(ready.body().contains("\"service\":\"orders\""), ready.body());
    assertTrue(ready.body().matches(".*\"spans\":\\{\"queued\":\\d+,\"exported\":[1-9]\\d*,\"dropped\":0}.*"), ready.body());
  }

  @Test
  void metricsPortServesJvmAndAgentMetricsInBothFormatsAndIsNotTraced() {
    Http.get(app.url("/hello")).requireStatus(200);
    otlp.awaitSpanNamed("GET /hello", WAIT);
    PrometheusScrape text = PrometheusScrape.scrape(app.metricsUrl("/metrics"), PrometheusScrape.TEXT_ACCEPT);
    assertTrue(text.contentType().startsWith("text/plain; version=0.0.4"), text.contentType());
    for (String jvm :
        List.of("jvm_memory_bytes_used", "jvm_threads_current", "jvm_classes_currently_loaded",
            "process_cpu_seconds_total", "jvm_gc_collection_seconds_count", "jvm_info",
            "process_start_time_seconds")) {
      assertTrue(text.has(jvm), jvm + " in " + text.names());
    }
    assertTrue(text.value("lantern_agent_transforms_total", Map.of("instrumentation", "jdk-httpserver", "result", "applied")) >= 1);
    assertTrue(text.value("lantern_agent_spans_started_total", Map.of()) >= 1);
    assertEquals(1.0, text.value("target_info", Map.of("service_name", "orders")));
    assertEquals(1.0, text.value("lantern_agent_instrumentation_enabled", Map.of("instrumentation", "java-http-client")));
    assertFalse(text.names().stream().anyMatch(n -> n.endsWith("_created")), "no _created series");

    PrometheusScrape openMetrics =
        PrometheusScrape.scrape(app.metricsUrl("/metrics"), PrometheusScrape.OPENMETRICS_ACCEPT);
    assertTrue(openMetrics.contentType().startsWith("application/openmetrics-text"), openMetrics.contentType());
    assertTrue(openMetrics.raw().trim().endsWith("# EOF"));

    otlp.clear();
    for (int i = 0; i < 5; i++) {
      app.scrape();
    }
    Http.get(app.url("/hello?after-scrapes")).requireStatus(200);
    otlp.awaitSpan(s -> "after-scrapes".equals(s.attr("url.query")), WAIT);
    assertTrue(
        otlp.spans().stream().noneMatch(s -> String.valueOf(s.attr("url.path")).startsWith("/metrics")),
        "the agent's own port is never traced: " + otlp.spans());
  }

  @Test
  void logLinesCarryTraceAndCorrelationIdsOnlyWhileTheRequestRuns() {
    Http.get(app.url("/hello?logged"), Map.of("X-Correlation-ID", "log-corr-1")).requireStatus(200);
    ReceivedSpan span = otlp.awaitSpan(s -> "logged".equals(s.attr("url.query")), WAIT);
    String line =
        app.jvm().awaitLine(
            java.util.regex.Pattern.compile("^LOG backend=logback .*correlation_id=log-corr-1 msg=handling hello$"), WAIT);
    assertTrue(line.contains("trace_id=" + span.traceId()), line);
    assertTrue(line.contains("span_id=" + span.spanId()), line);
    String startup = Apps.logLine(app, "started on port " + app.port());
    assertTrue(startup.contains("trace_id= span_id= correlation_id= "), "outside a request: " + startup);
  }

  @Test
  void oneStartupLineSummarizesTheAgent() {
    List<String> lines =
        app.agentLines().stream().filter(l -> l.contains(" started")).collect(Collectors.toList());
    assertEquals(1, lines.size(), app.agentLines().toString());
    String line = lines.get(0);
    assertTrue(line.matches(".*\\[lantern\\] INFO Lantern \\S+ started: premain \\d+ ms, ready in \\d+ ms \\(\\d+ loaded classes retransformed, start thread CPU \\d+ ms\\): service=orders, instrumentations on=\\[.*java-http-client.*jdk-httpserver.*\\] off=\\[\\], metrics=http://127.0.0.1:" + app.metricsPort() + "/metrics, traces=otlp http://127.0.0.1:\\d+/v1/traces \\(http/protobuf\\), sampler=parentbased_traceidratio\\(1.0\\)"), line);
    assertTrue(app.agentWarnings().isEmpty(), "no warnings with a clean configuration: " + app.agentWarnings());
  }
}
