package dev.lantern.testapps.tomcat9;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.ForkedJvm;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import testapp.tomcat9.Tomcat9App;

/** The javax generation: Tomcat 9, Spring MVC 5 and Jersey 2 under the agent. */
class Tomcat9ServletIT {

  static final Duration WAIT = Duration.ofSeconds(20);
  private static final String[] TEST_JARS = {
    "junit-", "apiguardian-", "opentest4j-", "lantern-test-support", "protobuf-",
    "opentelemetry-", "test-classes", "lantern-agent", "lantern-bootstrap"
  };

  private static OtlpReceiver otlp;
  private static AgentApp app;

  static AgentApp.Builder builder(OtlpReceiver receiver, String service) {
    return AgentApp.builder(Tomcat9App.class.getName())
        .classpath(ForkedJvm.classpathOf(TEST_JARS))
        .receiver(receiver)
        .serviceName(service);
  }

  @BeforeAll
  static void start() {
    otlp = OtlpReceiver.start();
    app = builder(otlp, "tomcat9-app").start();
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
  void plainServletWithFilterIsOneSpanWithTheExactMappingAsRoute() {
    HttpResult response = Http.get(app.url("/legacy/hello"), Map.of("X-Correlation-ID", "tomcat-9")).requireStatus(200);
    assertEquals("tomcat-9", response.header("X-Correlation-ID"));
    ReceivedSpan span = otlp.awaitSpanNamed("GET /legacy/hello", WAIT);
    assertEquals("lantern.servlet", span.scopeName());
    assertEquals(1, otlp.trace(span.traceId()).size());
    assertTrue(logLine(span.traceId(), "dispatch REQUEST /legacy/hello").contains("correlation_id=tomcat-9"));
  }

  @Test
  void springMvc5PatternUnderAPrefixMappedDispatcherServlet() {
    Http.get(app.url("/legacy/spring/owners/12")).requireStatus(200);
    ReceivedSpan span = otlp.awaitSpanNamed("GET /legacy/spring/owners/{ownerId}", WAIT);
    assertEquals("/legacy/spring/owners/{ownerId}", span.attr("http.route"));
    assertEquals("/legacy/spring/owners/12", span.attr("url.path"));
    assertTrue(logLine(span.traceId(), "spring 5 owner 12").contains("span_id=" + span.spanId()));
    assertEquals(
        1.0,
        app.scrape().value("http_server_request_duration_seconds_count", Map.of("http_route", "/legacy/spring/owners/{ownerId}")));
  }

  @Test
  void jersey2TemplatesAreTheRoute() {
    Http.get(app.url("/legacy/api/orders/3")).requireStatus(200);
    ReceivedSpan span = otlp.awaitSpanNamed("GET /legacy/api/orders/{id}", WAIT);
    assertEquals(200L, span.longAttr("http.response.status_code"));
  }

  @Test
  void asyncRequestEndsWhenAnotherThreadCompletesIt() throws Exception {
    CompletableFuture<HttpResult> waiting = CompletableFuture.supplyAsync(() -> Http.get(app.url("/legacy/async?id=t1")));
    app.jvm().awaitLine(Pattern.compile(".*msg=async t1 waiting$"), WAIT);
    Http.get(app.url("/legacy/release?id=t1")).requireStatus(200);
    assertEquals(202, waiting.get().status());
    ReceivedSpan async = otlp.awaitSpan(s -> "id=t1".equals(s.attr("url.query")) && s.name().equals("GET /legacy/async"), WAIT);
    ReceivedSpan release = otlp.awaitSpan(s -> "id=t1".equals(s.attr("url.query")) && s.name().equals("GET /legacy/release"), WAIT);
    assertEquals(202L, async.longAttr("http.response.status_code"));
    assertTrue(async.endEpochNanos() > release.startEpochNanos(), "ended by the completion, not by service()");
  }

  @Test
  void exceptionThroughTheErrorPageIsOneSpanWithA500() {
    HttpResult response = Http.get(app.url("/legacy/fail")).requireStatus(500);
    assertEquals("error page for 500", response.body());
    ReceivedSpan span = otlp.awaitSpanNamed("GET /legacy/fail", WAIT);
    assertEquals(500L, span.longAttr("http.response.status_code"));
    assertEquals("java.lang.IllegalStateException", span.attr("error.type"));
    logLine(span.traceId(), "dispatch ERROR /legacy/errors");
    assertEquals(1, otlp.trace(span.traceId()).size(), otlp.trace(span.traceId()).toString());
  }

  @Test
  void springWebMvcSwitchedOffLeavesTheServletMappingAndServletOffLeavesNothing() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        AgentApp noSpring =
            builder(receiver, "no-spring").sysProp("lantern.instrumentation.spring-webmvc.enabled", "false").start()) {
      Http.get(noSpring.url("/legacy/spring/owners/12")).requireStatus(200);
      ReceivedSpan span = receiver.awaitSpan(s -> "/legacy/spring/owners/12".equals(s.attr("url.path")), WAIT);
      assertEquals("GET /legacy/spring/*", span.name());
      assertEquals(0.0, noSpring.scrape().sum("lantern_agent_transforms_total", Map.of("instrumentation", "spring-webmvc")));
    }
    try (OtlpReceiver receiver = OtlpReceiver.start();
        AgentApp noServlet =
            builder(receiver, "no-servlet").sysProp("lantern.instrumentation.servlet.enabled", "false").start()) {
      Http.get(noServlet.url("/legacy/spring/owners/12")).requireStatus(200);
      Http.get(noServlet.url("/legacy/hello")).requireStatus(200);
      PrometheusScrape scrape = noServlet.scrape();
      assertEquals(0.0, scrape.sum("lantern_agent_transforms_total", Map.of("instrumentation", "servlet")));
      assertTrue(scrape.value("lantern_agent_transforms_total", Map.of("instrumentation", "spring-webmvc", "result", "applied")) >= 1,
          "Spring MVC is woven but has no server call to name");
      assertFalse(scrape.has("http_server_request_duration_seconds_count"));
      assertEquals(0, receiver.spans().size(), receiver.describe());
    }
  }
}
