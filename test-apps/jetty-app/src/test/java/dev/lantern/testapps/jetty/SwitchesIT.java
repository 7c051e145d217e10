package dev.lantern.testapps.jetty;

import testapp.jetty.JettyApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each new instrumentation switched off by its key installs nothing. */
class SwitchesIT {

  @Test
  void jerseySwitchedOffLeavesTheServletMappingAsRoute() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app =
            JettyApps.builder(otlp, "no-jersey").sysProp("lantern.instrumentation.jersey.enabled", "false").start()) {
      Http.get(app.url("/shop/api/orders/5")).requireStatus(200);
      ReceivedSpan span = otlp.awaitSpan(s -> "/shop/api/orders/5".equals(s.attr("url.path")), JettyApps.WAIT);
      assertEquals("GET /shop/api/*", span.name());
      PrometheusScrape scrape = app.scrape();
      assertEquals(0.0, scrape.value("lantern_agent_instrumentation_enabled", Map.of("instrumentation", "jersey")));
      assertEquals(0.0, scrape.sum("lantern_agent_transforms_total", Map.of("instrumentation", "jersey")));
      assertTrue(scrape.value("lantern_agent_transforms_total", Map.of("instrumentation", "servlet", "result", "applied")) >= 1);
    }
  }

  @Test
  void servletSwitchedOffTracesNothingAndTransformsNothing() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app =
            JettyApps.builder(otlp, "no-servlet").sysProp("lantern.instrumentation.servlet.enabled", "false").start()) {
      Http.get(app.url("/shop/hello")).requireStatus(200);
      Http.get(app.url("/shop/api/orders/5")).requireStatus(200);
      PrometheusScrape scrape = app.scrape();
      assertEquals(0.0, scrape.value("lantern_agent_instrumentation_enabled", Map.of("instrumentation", "servlet")));
      assertEquals(0.0, scrape.sum("lantern_agent_transforms_total", Map.of("instrumentation", "servlet")));
      assertFalse(scrape.has("http_server_request_duration_seconds_count"), "no server metric at all");
      assertTrue(app.agentLines().stream().anyMatch(l -> l.contains("off=[servlet]")), app.agentLines().toString());
      assertEquals(0, otlp.spans().size(), otlp.describe());
    }
  }
}
