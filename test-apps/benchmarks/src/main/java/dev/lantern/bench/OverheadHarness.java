package dev.lantern.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The macro overhead benchmark: the checkout app (HTTP server → H2 query → HTTP call → Kafka send)
 * started with no agent, with Lantern and with the OpenTelemetry Java agent, interleaved round by
 * round (none, lantern, otel, none, …) so that drift of the machine affects all three alike.
 *
 * <p>Per round and setup: {@code startsPerRound} extra start-up measurements, then one full run:
 * start-up, warm-up, a closed-loop load at saturation (capacity and CPU per request), a few
 * unmeasured seconds at a fixed bounded rate to settle, the measured load at that rate (the
 * latency the budgets speak of), then heap after GC, RSS (and RSS outside the Java heap),
 * threads and classes. {@code --warmup-starts} starts come first and are not recorded.
 * Writes {@code overhead.md} and {@code overhead.json} to the output folder.
 */
public final class OverheadHarness {

  /**
   * Unmeasured seconds at the fixed rate between the saturated phase and the measured one. The
   * change of load makes C2 throw away and recompile the server's hot loops (unstable branches):
   * with 5 s, a Lantern run still compiled for 0.3 to 0.5 s of CPU inside the measured 30 s, 10 to
   * 17 µs per request of a figure that is meant to be the steady state; after 15 s the compiler
   * is quiet.
   */
  static final int SETTLE_SECONDS = 15;

  private OverheadHarness() {}

  public static void main(String[] args) throws Exception {
    HarnessOptions options = HarnessOptions.parse(args);
    Results results = run(options);
    System.out.println(Files.readString(options.out.resolve("overhead.md")));
    // the embedded broker and the sinks leave non-daemon threads behind
    System.exit(0);
  }

  public static Results run(HarnessOptions options) throws Exception {
    for (Path required : new Path[] {options.agentJar, options.otelJar, options.appJar}) {
      if (!Files.isRegularFile(required)) {
        throw new IllegalStateException("missing " + required.toAbsolutePath() + "; build first (see run-overhead.sh)");
      }
    }
    System.out.println("[bench] " + options);
    Results results = new Results();
    try (BenchEnvironment env = new BenchEnvironment()) {
      warmUp(options, env);
      for (int round = 1; round <= options.rounds && options.startupOnly; round++) {
        // start by start, so that the drift of a machine warming up falls on every setup alike
        for (int s = 0; s < options.startsPerRound; s++) {
          for (AgentSetup setup : options.setups) {
            try (AppRun run = AppRun.start(setup, options, env)) {
              record(results, run);
              results.addLanternStartup(run.lanternStartup());
            }
          }
        }
      }
      for (int round = 1; round <= options.rounds && !options.startupOnly; round++) {
        for (AgentSetup setup : options.setups) {
          for (int s = 0; s < options.startsPerRound; s++) {
            try (AppRun run = AppRun.start(setup, options, env)) {
              record(results, run);
              results.addLanternStartup(run.lanternStartup());
            }
          }
          fullRun(results, setup, options, env, round);
          env.otlp.clear();
        }
      }
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("date", Instant.now().toString());
    meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    meta.put("app_java_home", options.javaHome.toString());
    meta.put("cpus", Runtime.getRuntime().availableProcessors());
    meta.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    meta.put("options", options.toString());
    meta.put("lantern_jar_bytes", Files.size(options.agentJar));
    meta.put("otel_jar_bytes", Files.size(options.otelJar));
    String header =
        "Overhead of the Lantern agent and the OpenTelemetry Java agent on the checkout app, "
            + meta.get("date") + ", " + meta.get("java") + ", " + meta.get("cpus") + " CPUs, "
            + options + ". Agent jar: Lantern " + kb(Files.size(options.agentJar)) + " KB, OpenTelemetry "
            + kb(Files.size(options.otelJar)) + " KB.";
    results.write(options.out, header, meta);
    return results;
  }

  /**
   * The unrecorded starts ({@code --warmup-starts}), with the first setup of the list. An
   * invocation's first starts compete with the broker it has just started in this JVM, whose code
   * the JIT is still compiling; they are not given the results, so they cannot land in them.
   */
  private static void warmUp(HarnessOptions options, BenchEnvironment env) {
    AgentSetup setup = options.setups.iterator().next();
    for (int i = 0; i < options.warmupStarts(); i++) {
      try (AppRun run = AppRun.start(setup, options, env)) {
        System.out.printf("[bench] warm-up start (not recorded): %.0f ms, %s%n", run.startupMillis, setup.label);
      }
    }
  }

  private static void fullRun(
      Results results, AgentSetup setup, HarnessOptions options, BenchEnvironment env, int round)
      throws Exception {
    try (AppRun run = AppRun.start(setup, options, env)) {
      record(results, run);
      results.addLanternStartup(run.lanternStartup());
      // capacity: closed loop at saturation, measured after the warm-up on the same connections
      // (reconnecting made C2 recompile the request path inside the measured window)
      long[] cpuBefore = new long[1];
      LoadGenerator.Result load =
          LoadGenerator.run(
              run.port, "/checkout?id=7", options.concurrency, options.warmupSeconds, options.loadSeconds,
              () -> {
                cpuBefore[0] = run.cpuNanos();
                env.otlp.clear();
              });
      long cpuAfter = run.cpuNanos();
      long requests = load.latenciesNanos.length + load.errors;
      // CPU per request is the cost figure that does not depend on what else the machine runs
      double cpuPerRequest = (cpuAfter - cpuBefore[0]) / 1e3 / Math.max(1, requests);
      results.add(setup, "cpu_us_per_request", cpuPerRequest);
      results.add(setup, "throughput_rps", load.throughput());
      results.add(setup, "saturated_p99_ms", load.percentileMillis(99));
      long errors = load.errors;
      // the budgets' latency: a fixed bounded rate, which no setup should saturate
      LoadGenerator.Result atRate = null;
      if (options.rate > 0) {
        // some seconds at the rate first, unmeasured, on the same connections: coming out of
        // saturation, the app (and an agent's export queue) drains what the closed loop left, and
        // the JIT recompiles what the new load made unstable; neither is the steady state
        long[] cpuRateStart = new long[1];
        atRate =
            LoadGenerator.runAtRate(
                run.port, "/checkout?id=7", options.concurrency, options.rate,
                Math.min(SETTLE_SECONDS, options.loadSeconds), options.loadSeconds,
                () -> cpuRateStart[0] = run.cpuNanos());
        long cpuEnd = run.cpuNanos();
        requests += atRate.unmeasuredRequests; // their spans reach the sink too
        long rateRequests = atRate.latenciesNanos.length + atRate.errors;
        requests += rateRequests;
        errors += atRate.errors;
        results.add(setup, "rate_rps", atRate.throughput());
        results.add(setup, "rate_cpu_us_per_request", (cpuEnd - cpuRateStart[0]) / 1e3 / Math.max(1, rateRequests));
        results.add(setup, "p50_ms", atRate.percentileMillis(50));
        results.add(setup, "p99_ms", atRate.percentileMillis(99));
      }
      AppStats stats = run.stats();
      if (setup != AgentSetup.NONE) {
        // both agents batch for up to 5 s; what has not arrived by then was dropped
        Thread.sleep(6000);
        results.add(setup, "spans_per_request", env.otlp.spans() / (double) Math.max(1, requests));
        results.add(setup, "spans_per_export", env.otlp.spans() / (double) Math.max(1, env.otlp.exports()));
      }
      results.add(setup, "errors", errors);
      results.add(setup, "heap_after_load_mb", mb(stats.heapUsedBytes));
      results.add(setup, "rss_after_load_mb", mb(stats.rssBytes));
      if (stats.rssOutsideHeapBytes >= 0) { // the JVM logged its heap's range
        results.add(setup, "rss_outside_heap_mb", mb(stats.rssOutsideHeapBytes));
        results.add(setup, "rss_outside_heap_anon_mb", mb(stats.rssOutsideHeapAnonymousBytes));
      }
      results.add(setup, "threads", stats.threads);
      results.add(setup, "classes", stats.classes);
      System.out.printf(
          "[bench] round %d %-7s start-up %.0f ms, saturated %.0f req/s at %.0f µs CPU/req, p99 %.2f ms;"
              + " fixed rate %.0f req/s: p50 %.2f ms, p99 %.2f ms; heap %.1f MB, rss %.1f MB (%.1f MB outside the heap, %.1f MB of it anonymous),"
              + " %d threads, %d classes, %d errors%n",
          round, setup.label, run.startupMillis, load.throughput(), cpuPerRequest, load.percentileMillis(99),
          atRate == null ? Double.NaN : atRate.throughput(),
          atRate == null ? Double.NaN : atRate.percentileMillis(50),
          atRate == null ? Double.NaN : atRate.percentileMillis(99),
          mb(stats.heapUsedBytes), mb(stats.rssBytes), mb(stats.rssOutsideHeapBytes), mb(stats.rssOutsideHeapAnonymousBytes), stats.threads, stats.classes,
          errors);
    }
  }

  private static void record(Results results, AppRun run) {
    results.add(run.setup, "startup_ms", run.startupMillis);
    results.add(run.setup, "startup_cpu_ms", run.startupCpuMillis);
    for (Map.Entry<String, Double> group : run.startupCpuByGroup.entrySet()) {
      results.add(run.setup, Results.CPU_PREFIX + group.getKey(), group.getValue());
    }
    results.add(run.setup, "main_uptime_ms", run.mainUptimeMillis);
    results.add(run.setup, "ready_uptime_ms", run.readyUptimeMillis);
    for (Map.Entry<String, Double> phase : run.phases.entrySet()) {
      results.add(run.setup, Results.PHASE_PREFIX + phase.getKey(), phase.getValue());
    }
  }

  private static double mb(long bytes) {
    return bytes / 1048576.0;
  }

  private static long kb(long bytes) {
    return bytes / 1024;
  }
}
