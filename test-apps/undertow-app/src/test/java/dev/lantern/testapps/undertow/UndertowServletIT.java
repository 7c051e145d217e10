package dev.lantern.testapps.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.ForkedJvm;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.ReceivedSpan;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import testapp.undertow.UndertowApp;

/** Undertow 2.3 under the agent, through its servlet entry point. */
class UndertowServletIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String[] TEST_JARS = {
    "junit-", "apiguardian-", "opentest4j-", "lantern-test-support", "protobuf-",
    "opentelemetry-", "test-classes", "lantern-agent", "lantern-bootstrap"
  };

  private static OtlpReceiver otlp;
  private static AgentApp app;

  @BeforeAll
  static void start() {
    otlp = OtlpReceiver.start();
    app =
        AgentApp.builder(UndertowApp.class.getName())
            .classpath(ForkedJvm.classpathOf(TEST_JARS))
            .receiver(otlp)
            .serviceName("undertow-app")
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

  private static String logLine(String traceId, String message) {
    return app.jvm()
        .awaitLine(Pattern.compile("^LOG trace_id=" + traceId + " .* msg=" + Pattern.quote(message) + "$"), WAIT);
  }

  @Test
  void oneSpanThroughFilterAndServletWithMappingRouteAndCorrelation() {
    HttpResult response = Http.get(app.url("/app/hello"), Map.of("X-Correlation-ID", "undertow-1")).requireStatus(200);
    assertEquals("undertow-1", response.header("X-Correlation-ID"));
    ReceivedSpan span = otlp.awaitSpanNamed("GET /app/hello", WAIT);
    assertEquals("SERVER", span.kind());
    assertEquals("/app/hello", span.attr("http.route"));
    assertEquals(200L, span.longAttr("http.response.status_code"));
    assertEquals(1, otlp.trace(span.traceId()).size());
    assertTrue(logLine(span.traceId(), "dispatch REQUEST /app/hello").contains("correlation_id=undertow-1"));
    assertTrue(logLine(span.traceId(), "hello from undertow").contains("span_id=" + span.spanId()));
    assertEquals(
        1.0,
        app.scrape().value("http_server_request_duration_seconds_count", Map.of("http_route", "/app/hello", "http_response_status_code", "200")));
  }

  @Test
  void asyncRequestEndsWhenAnotherThreadCompletesIt() throws Exception {
    CompletableFuture<HttpResult> waiting = CompletableFuture.supplyAsync(() -> Http.get(app.url("/app/async?id=u1")));
    app.jvm().awaitLine(Pattern.compile(".*msg=async u1 waiting$"), WAIT);
    Http.get(app.url("/app/release?id=u1")).requireStatus(200);
    assertEquals(202, waiting.get().status());
    ReceivedSpan async = otlp.awaitSpan(s -> "id=u1".equals(s.attr("url.query")) && s.name().equals("GET /app/async"), WAIT);
    ReceivedSpan release = otlp.awaitSpan(s -> "id=u1".equals(s.attr("url.query")) && s.name().equals("GET /app/release"), WAIT);
    assertEquals(202L, async.longAttr("http.response.status_code"));
    assertTrue(async.endEpochNanos() > release.startEpochNanos(), "ended by the completion, not by service()");
  }

  @Test
  void exceptionIsA500AndSendErrorKeepsItsStatusThroughTheErrorPage() {
    Http.get(app.url("/app/fail")).requireStatus(500);
    ReceivedSpan failed = otlp.awaitSpanNamed("GET /app/fail", WAIT);
    assertEquals(500L, failed.longAttr("http.response.status_code"));
    assertEquals("java.lang.IllegalStateException", failed.attr("error.type"));
    assertEquals("ERROR", failed.statusCode());

    assertEquals("error page for 404", Http.get(app.url("/app/missing")).requireStatus(404).body());
    ReceivedSpan missing = otlp.awaitSpanNamed("GET /app/missing", WAIT);
    assertEquals(404L, missing.longAttr("http.response.status_code"));
    logLine(missing.traceId(), "dispatch ERROR /app/errors");
    assertEquals(1, otlp.trace(missing.traceId()).size(), otlp.trace(missing.traceId()).toString());
  }
}
