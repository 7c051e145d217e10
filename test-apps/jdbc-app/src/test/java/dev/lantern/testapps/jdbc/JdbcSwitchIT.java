package dev.lantern.testapps.jdbc;

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

/** {@code lantern.instrumentation.jdbc.enabled=false} removes spans, metrics and transforms. */
class JdbcSwitchIT {

  @Test
  void jdbcSwitchedOffLeavesNoSpanNoMetricNoTransform() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app =
            JdbcApps.app(otlp, "shop-off", JdbcApps.H2_URL)
                .sysProp("lantern.instrumentation.jdbc.enabled", "false")
                .start()) {
      Http.get(app.url("/pool/select?id=1")).requireStatus(200);
      Http.get(app.url("/orm/pets?name=off&n=2")).requireStatus(200);
      Http.get(app.url("/pool/duplicate")).requireStatus(409);
      ReceivedSpan server = JdbcApps.serverSpan(otlp, "/orm/pets", "name=off&n=2");
      JdbcApps.serverSpan(otlp, "/pool/select", "id=1");
      assertTrue(
          otlp.spans().stream().noneMatch(s -> s.scopeName().equals("lantern.jdbc")), otlp::describe);
      assertEquals(0, otlp.children(server).size());

      PrometheusScrape scrape = app.scrape();
      for (String metric :
          new String[] {
            "db_client_operation_duration_seconds_count", "db_client_operation_errors_total",
            "db_client_connection_count", "db_client_connection_max",
            "db_client_connection_wait_time_seconds_count"
          }) {
        assertFalse(scrape.has(metric), metric + " is exported:\n" + scrape.raw());
      }
      assertEquals(0.0, scrape.value("lantern_agent_instrumentation_enabled", Map.of("instrumentation", "jdbc")));
      assertEquals(
          0.0,
          scrape.value("lantern_agent_instrumentation_enabled", Map.of("instrumentation", "hikaricp")),
          "hikaricp follows the jdbc switch, and says so");
      assertEquals(0.0, scrape.sum("lantern_agent_transforms_total", Map.of("instrumentation", "jdbc")));
      assertEquals(0.0, scrape.sum("lantern_agent_transforms_total", Map.of("instrumentation", "hikaricp")));
      assertTrue(
          scrape.sum("lantern_agent_transforms_total", Map.of("instrumentation", "jdk-httpserver")) > 0,
          "the rest of the agent works");
    }
  }

  @Test
  void poolMetricsCanStayOnWithoutStatementSpans() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app =
            JdbcApps.app(otlp, "shop-pool-only", JdbcApps.H2_URL)
                .sysProp("app.orm", "false")
                .sysProp("lantern.instrumentation.jdbc.enabled", "false")
                .sysProp("lantern.instrumentation.hikaricp.enabled", "true")
                .start()) {
      Http.get(app.url("/pool/select?id=1")).requireStatus(200);
      JdbcApps.serverSpan(otlp, "/pool/select", "id=1");
      assertTrue(otlp.spans().stream().noneMatch(s -> s.scopeName().equals("lantern.jdbc")));
      PrometheusScrape scrape = app.scrape();
      assertEquals(4.0, scrape.value("db_client_connection_max", Map.of("db_client_connection_pool_name", "app-pool")));
      assertEquals(1.0, scrape.value("lantern_agent_instrumentation_enabled", Map.of("instrumentation", "hikaricp")));
      assertEquals(0.0, scrape.value("lantern_agent_instrumentation_enabled", Map.of("instrumentation", "jdbc")));
      assertFalse(scrape.has("db_client_operation_duration_seconds_count"));
    }
  }
}
