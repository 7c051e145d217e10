package dev.lantern.demo.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
