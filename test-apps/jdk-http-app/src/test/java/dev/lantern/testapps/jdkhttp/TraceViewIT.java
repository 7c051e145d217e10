package dev.lantern.testapps.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.Ports;
import dev.lantern.testing.ReceivedSpan;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in trace view on the metrics port: list, filters, one trace, switch, safety. */
class TraceViewIT {

  @Test
  void recentTracesAreListedFilteredAndShownAsAWaterfall() {
    int port = Ports.freePort();
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app =
            Apps.logback(otlp, "viewed")
                .sysProp("app.port", Integer.toString(port))
                .sysProp("app.downstream", "http://127.0.0.1:" + port)
                .start()) {
      Http.get(app.url("/call"), Map.of("X-Correlation-ID", "view-me-1")).requireStatus(200);
      Http.get(app.url("/hello"), Map.of("X-Correlation-ID", "other-2", "User-Agent", "<script>alert(1)</script>"))
          .requireStatus(200);
      ReceivedSpan hostile = otlp.awaitSpan(s -> "other-2".equals(s.attr("lantern.correlation_id")), Duration.ofSeconds(15));
      ReceivedSpan server = otlp.awaitSpan(s -> s.name().equals("GET /call"), Duration.ofSeconds(15));
      otlp.awaitSpans(all -> otlp.trace(server.traceId()).size() >= 3, Duration.ofSeconds(15));

      HttpResult list = Http.get(app.metricsUrl("/traces")).requireStatus(200);
      assertTrue(list.contentType().startsWith("text/html"), list.contentType());
      assertTrue(list.header("Content-Security-Policy").startsWith("default-src 'none'"));
      assertTrue(list.body().contains(server.traceId()), list.body());
      assertTrue(list.body().contains("view-me-1") && list.body().contains("other-2"));

      String filtered = Http.get(app.metricsUrl("/traces?correlation=view-me-1")).requireStatus(200).body();
      assertTrue(filtered.contains(server.traceId()), filtered);
      assertFalse(filtered.contains("other-2"), "filtered by correlation ID");
      assertFalse(Http.get(app.metricsUrl("/traces?status=error")).body().contains(server.traceId()));
      assertFalse(Http.get(app.metricsUrl("/traces?minMs=600000")).body().contains(server.traceId()));
      assertTrue(Http.get(app.metricsUrl("/traces?route=/call")).body().contains(server.traceId()));

      String trace = Http.get(app.metricsUrl("/traces/" + server.traceId())).requireStatus(200).body();
      assertTrue(trace.contains(">GET /call</summary>"), trace);
      assertTrue(trace.contains(">GET</summary>"), "the client span");
      assertTrue(trace.contains(">GET /headers</summary>"), "the downstream server span");
      assertTrue(trace.contains("view-me-1"));
      assertTrue(trace.indexOf("GET /call") < trace.indexOf("GET /headers"), "in start order");

      String hostilePage = Http.get(app.metricsUrl("/traces/" + hostile.traceId())).requireStatus(200).body();
      assertTrue(hostilePage.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), hostilePage);
      assertFalse(hostilePage.contains("<script>alert(1)"), "client input is escaped");
      assertEquals(404, Http.get(app.metricsUrl("/traces/" + "0".repeat(32))).status());
    }
  }

  @Test
  void theTraceViewCanBeSwitchedOff() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app = Apps.logback(otlp, "no-view").sysProp("lantern.traceview.enabled", "false").start()) {
      Http.get(app.url("/hello")).requireStatus(200);
      assertEquals(404, Http.get(app.metricsUrl("/traces")).status());
      assertEquals(200, Http.get(app.metricsUrl("/metrics")).status());
    }
  }
}
