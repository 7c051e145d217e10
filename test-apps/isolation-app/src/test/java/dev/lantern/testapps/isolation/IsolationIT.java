package dev.lantern.testapps.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.ForkedJvm;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.Ports;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The application's own OpenTelemetry (1.40), ByteBuddy (1.14) and simpleclient (0.15) work under
 * the agent, which uses other versions of all three, and neither side sees the other's data.
 */
class IsolationIT {

  @Test
  void theAppsOwnLibrariesAreUntouchedAndNeitherSideSeesTheOthersMetrics() {
    int appMetricsPort = Ports.freePort();
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app =
            AgentApp.builder(IsolationApp.class.getName())
                .classpath(ForkedJvm.classpathOf("junit-", "opentest4j-", "apiguardian-", "lantern-test-support",
                    "protobuf-", "opentelemetry-proto", "lantern-agent", "lantern-bootstrap", "test-classes"))
                .receiver(otlp)
                .serviceName("isolated")
                .sysProp("app.metrics.port", Integer.toString(appMetricsPort))
                .start()) {
      String versions = app.jvm().awaitLine(Pattern.compile("^APP_VERSIONS .*"), Duration.ofSeconds(5));
      assertTrue(versions.contains("bytebuddy=byte-buddy-1.14.18.jar"), versions);
      assertTrue(versions.contains("otel_sdk=1.40.0"), versions);
      assertTrue(versions.contains("generated=dev.lantern.testapps.isolation.Generated"), versions);

      for (int i = 0; i < 3; i++) {
        assertTrue(Http.get(app.url("/work")).requireStatus(200).body().startsWith("app_trace_id="));
      }
      ReceivedSpan agentSpan = otlp.awaitSpanNamed("GET /work", Duration.ofSeconds(15));
      assertEquals("isolated", agentSpan.resource().get("service.name"));
      assertTrue(otlp.spans().stream().noneMatch(s -> s.name().equals("app-work")),
          "the app's own spans go to the app's own exporter, not the agent's");
      assertEquals("3", Http.get(app.url("/exported")).requireStatus(200).body(), "the app's SDK exported its spans");

      PrometheusScrape appMetrics = PrometheusScrape.scrape("http://127.0.0.1:" + appMetricsPort + "/metrics");
      assertEquals(3.0, appMetrics.value("app_requests_total", Map.of()));
      assertFalse(appMetrics.has("http_server_request_duration_seconds"), appMetrics.names().toString());
      assertTrue(appMetrics.names().stream().noneMatch(n -> n.startsWith("lantern_") || n.equals("target_info")),
          appMetrics.names().toString());

      PrometheusScrape agentMetrics = app.scrape();
      assertFalse(agentMetrics.has("app_requests_total"), agentMetrics.names().toString());
      assertEquals(3.0, agentMetrics.value("http_server_request_duration_seconds_count", Map.of("http_route", "/work")));
      assertNotEquals(0, agentMetrics.names().size());

      assertTrue(app.agentWarnings().isEmpty(), app.agentWarnings().toString());
      assertTrue(app.jvm().stderr().stream().allMatch(l -> l.contains("[lantern]")), app.jvm().stderr().toString());
    }
  }
}
