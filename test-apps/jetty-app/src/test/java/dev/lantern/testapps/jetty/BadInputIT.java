package dev.lantern.testapps.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or broken client sends: the application answers as it would without the agent,
 * nothing escapes from the advice, and metric labels stay bounded.
 */
class BadInputIT {

  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  private static OtlpReceiver otlp;
  private static AgentApp app;

  @BeforeAll
  static void start() {
    otlp = OtlpReceiver.start();
    app = JettyApps.builder(otlp, "jetty-bad-input").start();
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
  void malformedTraceparentStartsANewTrace() {
    List<String> bad =
        List.of("garbage", "00-xyz-abc-01", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "x".repeat(6000));
    for (int i = 0; i < bad.size(); i++) {
      Http.get(app.url("/shop/hello?tp=" + i), Map.of("traceparent", bad.get(i))).requireStatus(200);
    }
    List<ReceivedSpan> spans =
        otlp.awaitSpans(all -> all.stream().filter(s -> String.valueOf(s.attr("url.query")).startsWith("tp=")).count() >= bad.size(), JettyApps.WAIT);
    for (ReceivedSpan span : spans) {
      if (String.valueOf(span.attr("url.query")).startsWith("tp=")) {
        assertTrue(span.isRoot(), "a malformed traceparent is ignored: " + span);
        assertNotEquals("00000000000000000000000000000000", span.traceId());
      }
    }
  }

  @Test
  void oversizedOrDuplicateCorrelationHeadersAreHandled() {
    HttpResult oversized =
        Http.get(app.url("/shop/hello"), Map.of("X-Correlation-ID", "c".repeat(5000))).requireStatus(200);
    assertTrue(oversized.header("X-Correlation-ID").matches(UUID), "replaced, not echoed: " + oversized.header("X-Correlation-ID"));

    HttpResult duplicate =
        Http.send(
            HttpRequest.newBuilder(URI.create(app.url("/shop/hello?dup")))
                .header("X-Correlation-ID", "first-id")
                .header("X-Correlation-ID", "second-id")
                .build());
    duplicate.requireStatus(200);
    assertEquals(List.of("first-id"), duplicate.headers().get("x-correlation-id"), "one header, the first value");
    ReceivedSpan span = otlp.awaitSpan(s -> "dup".equals(s.attr("url.query")), JettyApps.WAIT);
    assertEquals("first-id", span.attr("lantern.correlation_id"));
  }

  @Test
  void oddMethodsAreFoldedIntoOther() {
    for (String method : List.of("PROPFIND", "FOO", "get")) {
      HttpResult result =
          Http.send(
              HttpRequest.newBuilder(URI.create(app.url("/shop/hello?m=" + method)))
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build());
      assertTrue(result.status() >= 400 && result.status() < 600, method + " answered " + result.status());
    }
    ReceivedSpan propfind = otlp.awaitSpan(s -> "m=PROPFIND".equals(s.attr("url.query")), JettyApps.WAIT);
    assertEquals("_OTHER", propfind.attr("http.request.method"));
    assertEquals("PROPFIND", propfind.attr("http.request.method_original"));
    assertEquals("HTTP /shop/hello", propfind.name(), "the conventions' name for an unknown method");
    otlp.awaitSpan(s -> "m=get".equals(s.attr("url.query")), JettyApps.WAIT);
    PrometheusScrape scrape = app.scrape();
    assertEquals(
        3.0,
        scrape.value("http_server_request_duration_seconds_count", Map.of("http_request_method", "_OTHER", "http_route", "/shop/hello")));
    assertTrue(
        scrape.samples("http_server_request_duration_seconds_count").stream()
            .allMatch(s -> List.of("GET", "POST", "_OTHER", "_overflow").contains(s.label("http_request_method"))),
        scrape.samples("http_server_request_duration_seconds_count").toString());
  }
}
