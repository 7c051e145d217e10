package dev.lantern.demo.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules with Prometheus's own tool: they load, the unit tests in
 * lantern-alerts.test.yml (each alert firing with the shipped thresholds and durations) pass, and
 * the sample scrape configuration is valid. That the metric names exist is DemoIT's part: it
 * needs the agent's real exposition.
 */
class AlertRulesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void promtoolAcceptsTheRules() {
    Tools.Run check = promtool("check", "rules", OpsFiles.rulesFile().toString());
    assertEquals(0, check.exitCode(), check.output());
    assertTrue(check.output().contains("SUCCESS: " + OpsFiles.alertExpressions().size() + " rules found"), check.output());
  }

  /**
   * The alerts the issue asks for, each over the metric it is about and per service ({@code job}):
   * removing one, or pointing it at another metric, fails here.
   */
  @Test
  void theIssuesAlertsAreThereOverTheirMetricsPerService() {
    Map<String, List<String>> required = new LinkedHashMap<>();
    required.put("LanternHttpServerErrorRate", List.of("http_server_request_duration_seconds_count"));
    required.put("LanternHttpServerLatencyP95", List.of("http_server_request_duration_seconds_bucket"));
    required.put("LanternKafkaConsumerLag", List.of("messaging_kafka_consumer_lag"));
    required.put("LanternLlmProviderErrorRate", List.of("gen_ai_client_calls_total"));
    required.put("LanternDbPoolExhausted",
        List.of("db_client_connection_count", "db_client_connection_max", "db_client_connection_pending_requests"));
    required.put("LanternAgentDroppingSpans", List.of("lantern_agent_spans_dropped_total"));
    Map<String, String> alerts = OpsFiles.alertExpressions();
    required.forEach((alert, metrics) -> {
      assertTrue(alerts.containsKey(alert), "no alert " + alert + " in " + alerts.keySet());
      PromQl expr = PromQl.of(alerts.get(alert));
      assertTrue(expr.metrics().containsAll(metrics), alert + " is not over " + metrics + ": " + alerts.get(alert));
      assertTrue(expr.labels().contains("job"), alert + " is not per service: " + alerts.get(alert));
    });
    assertTrue(alerts.get("LanternHttpServerLatencyP95").contains("histogram_quantile(0.95,"), "a p95");
    assertTrue(alerts.get("LanternLlmProviderErrorRate").contains("gen_ai_provider_name"), "per provider");
  }

  @Test
  void eachAlertFiresInPromtoolsUnitTests() {
    Tools.Run test = promtool("test", "rules", OpsFiles.rulesTestFile().toString());
    assertEquals(0, test.exitCode(), test.output());
    String tests = read(OpsFiles.rulesTestFile());
    for (String alert : OpsFiles.alertExpressions().keySet()) {
      assertTrue(tests.contains("alertname: " + alert), "lantern-alerts.test.yml has no test for " + alert);
    }
  }

  @Test
  void theSampleScrapeConfigurationIsValid() {
    Tools.Run check = promtool("check", "config", OpsFiles.prometheusConfig().toString());
    assertEquals(0, check.exitCode(), check.output());
  }

  @Test
  void anInvalidRuleIsRejected(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.yml");
    Files.writeString(broken, read(OpsFiles.rulesFile()).replace("> 0.05", "> > 0.05"));
    assertTrue(promtool("check", "rules", broken.toString()).exitCode() != 0, "promtool must reject a broken expression");
  }

  private static Tools.Run promtool(String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(Tools.require("promtool", "prometheus").toString());
    command.addAll(List.of(args));
    return Tools.run(command, OpsFiles.rulesFile().getParent(), TIMEOUT);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

}
