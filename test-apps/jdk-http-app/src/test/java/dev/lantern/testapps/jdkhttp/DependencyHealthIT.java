package dev.lantern.testapps.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.Ports;
import dev.lantern.testing.PrometheusScrape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Passive dependency health: what the application calls, and how that goes, derived from its own
 * calls; readiness can require named dependencies.
 */
class DependencyHealthIT {

  @Test
  void dependenciesAreJudgedFromTheApplicationsOwnCalls() {
    int port = Ports.freePort();
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app =
            Apps.logback(otlp, "health")
                .sysProp("app.port", Integer.toString(port))
                .sysProp("app.downstream", "http://127.0.0.1:" + port)
                .sysProp("lantern.health.ready.dependencies", "http:127.0.0.1:1")
                .start()) {
      assertEquals(200, Http.get(app.metricsUrl("/health/ready")).status(), "nothing called yet: ready");
      for (int i = 0; i < 6; i++) {
        Http.get(app.url("/call")).requireStatus(200);
        Http.get(app.url("/call-refused")).requireStatus(502);
      }
      String json = Http.get(app.metricsUrl("/health/dependencies")).requireStatus(200).body();
      assertTrue(json.contains("{\"id\":\"http:127.0.0.1:" + port + "\",\"kind\":\"http\",\"name\":\"127.0.0.1:" + port + "\",\"status\":\"UP\",\"healthScore\":1.000"), json);
      assertTrue(json.contains("{\"id\":\"http:127.0.0.1:1\",\"kind\":\"http\",\"name\":\"127.0.0.1:1\",\"status\":\"DOWN\",\"healthScore\":0.000"), json);
      assertTrue(json.contains("\"callsInWindow\":6"), json);

      PrometheusScrape scrape = app.scrape();
      assertEquals(1.0, scrape.value("lantern_dependency_up", Map.of("dependency", "127.0.0.1:" + port)));
      assertEquals(0.0, scrape.value("lantern_dependency_up", Map.of("dependency", "127.0.0.1:1", "dependency_kind", "http")));
      assertEquals(0.0, scrape.value("lantern_dependency_health_score", Map.of("dependency", "127.0.0.1:1")));

      HttpResult ready = Http.get(app.metricsUrl("/health/ready"));
      assertEquals(503, ready.status(), ready.body());
      assertTrue(ready.body().startsWith("{\"status\":\"DOWN\",\"requiredDependenciesDown\":[\"http:127.0.0.1:1\"]"), ready.body());
      assertEquals(200, Http.get(app.metricsUrl("/health/live")).status(), "liveness is the agent's, not the dependencies'");
    }
  }
}
