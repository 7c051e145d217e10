package dev.lantern.bench.jmh;

import dev.lantern.bench.SpanCountingSink;
import dev.lantern.testing.kafka.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the hot-path micro-benchmarks in forked JVMs without an agent, with Lantern and with the
 * OpenTelemetry agent, with JMH's GC profiler (bytes allocated per operation), and writes a
 * comparison to {@code jmh.md}. Arguments: an optional benchmark name regex, {@code --quick}.
 */
public final class MicroBenchmarks {

  private static final String DEFAULT_INCLUDE = "dev.lantern.bench.jmh.*Benchmark.*";

  private MicroBenchmarks() {}

  public static void main(String[] args) throws Exception {
    String include = DEFAULT_INCLUDE;
    boolean quick = false;
    Path out = Path.of("test-apps/benchmarks/results");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--quick")) {
        quick = true;
      } else if (args[i].equals("--out")) {
        out = Path.of(args[++i]);
      } else {
        include = args[i];
      }
    }
    Path lantern = Path.of(System.getProperty("bench.lantern.jar", "agent/target/lantern-agent.jar")).toAbsolutePath();
    Path otel = Path.of(System.getProperty("bench.otel.jar", "test-apps/benchmarks/target/otel/opentelemetry-javaagent.jar")).toAbsolutePath();
    Map<String, Map<String, double[]>> table = new LinkedHashMap<>();
    // The broker runs here, outside the measured JVMs, so only the producer side is instrumented.
    try (SpanCountingSink sink = new SpanCountingSink();
        EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("bench-orders", 1);
      Map<String, List<String>> setups = new LinkedHashMap<>();
      setups.put("none", List.of());
      // JdbcBenchmark's statements run outside any trace, which Lantern turns into spans only when
      // slow: the threshold 0 makes each one a span, as the OpenTelemetry agent does
      setups.put("lantern", List.of("-javaagent:" + lantern, "-Dlantern.exporter.otlp.endpoint=" + sink.endpoint(),
          "-Dlantern.metrics.port=0", "-Dlantern.instrumentation.jdbc.root-span-threshold-ms=0"));
      setups.put("otel", List.of("-javaagent:" + otel, "-Dotel.exporter.otlp.protocol=http/protobuf",
          "-Dotel.exporter.otlp.endpoint=" + sink.endpoint(), "-Dotel.logs.exporter=none",
          // metrics on, as with Lantern, so both record the same histograms
          "-Dotel.metrics.exporter=prometheus", "-Dotel.exporter.prometheus.host=127.0.0.1",
          "-Dotel.exporter.prometheus.port=" + freePort()));
      for (Map.Entry<String, List<String>> setup : setups.entrySet()) {
        List<String> jvmArgs = new ArrayList<>(setup.getValue());
        jvmArgs.add("-Xmx512m");
        jvmArgs.add("-Dsun.net.httpserver.nodelay=true");
        jvmArgs.add("-Dbench.kafka=" + kafka.bootstrapServers());
        ChainedOptionsBuilder options =
            new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 3))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 3))
                .threads(1)
                .addProfiler(GCProfiler.class)
                // one call: a second jvmArgsAppend would replace the first
                .jvmArgsAppend(jvmArgs.toArray(new String[0]));
        if (include.equals(DEFAULT_INCLUDE)) {
          // compares two encoders in one JVM, not agent overhead; it is run on its own
          options.exclude(OtlpEncodingBenchmark.class.getName());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        for (RunResult result : results) {
          String benchmark = result.getParams().getBenchmark().replaceFirst(".*\\.", "");
          double score = result.getPrimaryResult().getScore();
          double alloc =
              result.getSecondaryResults().containsKey("·gc.alloc.rate.norm")
                  ? result.getSecondaryResults().get("·gc.alloc.rate.norm").getScore()
                  : result.getSecondaryResults().entrySet().stream()
                      .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                      .map(e -> e.getValue().getScore())
                      .findFirst()
                      .orElse(Double.NaN);
          table.computeIfAbsent(benchmark, b -> new LinkedHashMap<>()).put(setup.getKey(), new double[] {score, alloc});
        }
      }
    }
    Files.createDirectories(out);
    StringBuilder md = new StringBuilder();
    md.append("Hot-path micro-benchmarks (JMH, 1 thread, average time per operation; allocation from -prof gc), ")
        .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
        .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs.\n\n");
    md.append("| benchmark | no agent (µs/op, B/op) | Lantern (µs/op, B/op) | added by Lantern | OpenTelemetry agent (µs/op, B/op) | added by OpenTelemetry |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, Map<String, double[]>> row : table.entrySet()) {
      double[] none = row.getValue().get("none");
      double[] lanternResult = row.getValue().get("lantern");
      double[] otelResult = row.getValue().get("otel");
      md.append("| ").append(row.getKey()).append(" | ").append(cell(none)).append(" | ").append(cell(lanternResult))
          .append(" | ").append(delta(lanternResult, none)).append(" | ").append(cell(otelResult)).append(" | ")
          .append(delta(otelResult, none)).append(" |\n");
    }
    Files.writeString(out.resolve("jmh.md"), md.toString(), StandardCharsets.UTF_8);
    System.out.println(md);
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String cell(double[] v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f, %.0f", v[0], v[1]);
  }

  private static String delta(double[] v, double[] base) {
    if (v == null || base == null) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%+.2f µs, %+.0f B", v[0] - base[0], v[1] - base[1]);
  }
}
