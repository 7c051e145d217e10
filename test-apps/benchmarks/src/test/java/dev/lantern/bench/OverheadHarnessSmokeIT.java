package dev.lantern.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs the overhead harness in its tiny smoke mode (one short round) so it cannot rot. The
 * budgets are checked by the real benchmark run, never here.
 */
class OverheadHarnessSmokeIT {

  @Test
  void oneShortRoundMeasuresAllThreeSetups() throws Exception {
    Path out = Path.of(System.getProperty("bench.out"));
    Results results = OverheadHarness.run(HarnessOptions.smoke(out));
    for (AgentSetup setup : AgentSetup.values()) {
      assertTrue(results.median(setup, "startup_ms") > 0, setup.label);
      assertTrue(results.median(setup, "throughput_rps") > 0, setup.label);
      assertEquals(0.0, results.median(setup, "errors"), setup.label + " served every request");
      assertTrue(results.median(setup, "classes") > 0, setup.label);
    }
    assertTrue(
        results.median(AgentSetup.LANTERN, "classes") > results.median(AgentSetup.NONE, "classes"),
        "the agent's classes are counted: the run really had the agent");
    String markdown = Files.readString(out.resolve("overhead.md"));
    assertTrue(markdown.contains("| start-up to first served request (median) (ms) |"), markdown);
    String json = Files.readString(out.resolve("overhead.json"));
    assertTrue(json.contains("\"lantern\": {\"startup_ms\":"), json);
    assertTrue(json.contains("\"otel\": {\"startup_ms\":"), json);
  }
}
