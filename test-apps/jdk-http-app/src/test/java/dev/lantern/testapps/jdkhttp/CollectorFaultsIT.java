package dev.lantern.testapps.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.Ports;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A collector that is down or failing never affects the application; the drops are counted. */
class CollectorFaultsIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void collectorDownDropsAndCountsSpansAndWarnsOnce() {
    int closedPort = Ports.freePort();
    try (AgentApp app =
        AgentApp.builder(Apps.MAIN)
            .classpath(Apps.logbackClasspath())
            .serviceName("no-collector")
            .sysProp("lantern.exporter.otlp.endpoint", "http://127.0.0.1:" + closedPort)
            .start()) {
      for (int i = 0; i < 30; i++) {
        HttpResult response = Http.get(app.url("/hello"));
        assertEquals(200, response.status());
        assertEquals("hello", response.body());
      }
      awaitDropped(app, 30);
      String readiness = Http.get(app.metricsUrl("/health/ready")).requireStatus(200).body();
      assertTrue(readiness.contains("\"reachable\":false"), readiness);
      assertTrue(readiness.contains("Connection refused"), readiness);
      List<String> warnings = exportWarnings(app);
      assertEquals(1, warnings.size(), "logged once per outage, not per batch: " + warnings);
      assertTrue(warnings.get(0).contains("http://127.0.0.1:" + closedPort + "/v1/traces"), warnings.get(0));
    }
  }

  @Test
  void collectorAnswering500IsAnOutageUntilItRecovers() {
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      otlp.setResponseStatus(500);
      try (AgentApp app = Apps.logback(otlp, "flaky-collector").start()) {
        for (int i = 0; i < 10; i++) {
          Http.get(app.url("/hello")).requireStatus(200);
        }
        awaitDropped(app, 10);
        assertEquals(1, exportWarnings(app).size(), exportWarnings(app).toString());
        assertTrue(exportWarnings(app).get(0).contains("collector answered HTTP 500"), exportWarnings(app).get(0));

        otlp.resetFaults();
        Http.get(app.url("/hello?after-recovery")).requireStatus(200);
        otlp.awaitSpan(s -> "after-recovery".equals(s.attr("url.query")), WAIT);
        app.jvm().awaitLine(Pattern.compile(".*\\[lantern\\] INFO Span export to .* works again\\."), WAIT);
        assertTrue(Http.get(app.metricsUrl("/health/ready")).body().contains("\"reachable\":true"));
      }
    }
  }

  @Test
  void slowCollectorFillsTheBoundedQueueAndDropsAreCounted() {
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      otlp.setResponseDelay(Duration.ofSeconds(5));
      try (AgentApp app =
          Apps.logback(otlp, "slow-collector")
              .sysProp("lantern.traces.export.queue-size", "50")
              .sysProp("lantern.traces.export.batch-size", "10")
              .start()) {
        for (int i = 0; i < 200; i++) {
          assertEquals(200, Http.get(app.url("/hello")).status());
        }
        // the queue holds 50; most of the 200 spans cannot be queued while the export thread waits
        double queueFull =
            app.scrape().value("lantern_agent_spans_dropped_total", Map.of("reason", "queue_full"));
        assertTrue(queueFull > 0, "queue_full drops counted: " + queueFull);
      }
    }
  }

  private static void awaitDropped(AgentApp app, int atLeast) {
    Instant deadline = Instant.now().plus(WAIT);
    double dropped = 0;
    while (Instant.now().isBefore(deadline)) {
      dropped = app.scrape().value("lantern_agent_spans_dropped_total", Map.of("reason", "export_failed"));
      if (dropped >= atLeast) {
        return;
      }
      sleep();
    }
    throw new AssertionError("expected at least " + atLeast + " dropped spans, saw " + dropped);
  }

  private static List<String> exportWarnings(AgentApp app) {
    return app.agentWarnings().stream().filter(l -> l.contains("Span export to")).collect(Collectors.toList());
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
