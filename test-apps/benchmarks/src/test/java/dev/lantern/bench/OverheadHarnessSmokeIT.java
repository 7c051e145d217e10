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
  void oneShortRoundMeasuresEverySetup() throws Exception {
    Path out = Path.of(System.getProperty("bench.out"));
    HarnessOptions options = HarnessOptions.smoke(out);
    options.setups = java.util.EnumSet.allOf(AgentSetup.class);
    Results results = OverheadHarness.run(options);
    for (AgentSetup setup : AgentSetup.values()) {
      assertTrue(results.median(setup, "startup_ms") > 0, setup.label);
      assertTrue(results.median(setup, "startup_cpu_ms") > 0, setup.label);
      assertTrue(results.median(setup, Results.CPU_PREFIX + StartupCpu.MAIN) > 0, setup.label);
      assertTrue(results.median(setup, "throughput_rps") > 0, setup.label);
      assertEquals(0.0, results.median(setup, "errors"), setup.label + " served every request");
      assertTrue(results.median(setup, "classes") > 0, setup.label);
      // metaspace, code cache, thread stacks: never nothing, whatever size G1 keeps the heap at
      assertTrue(results.median(setup, "rss_outside_heap_mb") > 0, setup.label);
    }
    assertTrue(
        results.median(AgentSetup.LANTERN, "classes") > results.median(AgentSetup.NONE, "classes"),
        "the agent's classes are counted: the run really had the agent");
    // 10% of traces kept: the sampled setup really ran with the ratio
    assertTrue(
        results.median(AgentSetup.LANTERN_SAMPLED, "spans_per_request")
            < results.median(AgentSetup.LANTERN, "spans_per_request") / 2,
        "sampled " + results.median(AgentSetup.LANTERN_SAMPLED, "spans_per_request")
            + " spans per request, unsampled " + results.median(AgentSetup.LANTERN, "spans_per_request"));
    String markdown = Files.readString(out.resolve("overhead.md"));
    assertTrue(markdown.contains("| Lantern, sampled | ratio |"), markdown);
    assertTrue(markdown.contains("| start-up to first served request (median) (ms) |"), markdown);
    assertTrue(markdown.contains("Start-up CPU by thread"), markdown);
    assertTrue(markdown.contains("| RSS outside the Java heap (MB) |"), markdown);
    // the start thread has ended by the first request; the CPU it reports (some 100 ms) moved
    // from "other" to "agent", where the live threads alone have a few ms
    assertTrue(
        results.median(AgentSetup.LANTERN, Results.CPU_PREFIX + StartupCpu.AGENT) > 20,
        "Lantern's start thread is counted as the agent's: "
            + results.median(AgentSetup.LANTERN, Results.CPU_PREFIX + StartupCpu.AGENT) + " ms");
    String json = Files.readString(out.resolve("overhead.json"));
    assertTrue(json.contains("\"lantern\": {\"startup_ms\":"), json);
    assertTrue(json.contains("\"otel\": {\"startup_ms\":"), json);
    assertTrue(json.contains("\"lantern-sampled\": {\"startup_ms\":"), json);
  }
}
