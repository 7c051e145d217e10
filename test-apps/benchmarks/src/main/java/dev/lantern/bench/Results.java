package dev.lantern.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Everything measured, per agent setup; medians, ratios to no agent, a table and JSON. */
final class Results {

  /** The figures of the report, in order: key, label, unit, whether lower is better. */
  static final String[][] FIGURES = {
    {"startup_ms", "start-up to first served request (median)", "ms", "lower"},
    {"startup_cpu_ms", "app process CPU to first served request, all threads (median)", "ms", "lower"},
    {"main_uptime_ms", "JVM start to main, incl. premain (median)", "ms", "lower"},
    {"ready_uptime_ms", "JVM start to the app's server listening (median)", "ms", "lower"},
    {"rate_rps", "throughput at the fixed rate", "req/s", "higher"},
    {"p50_ms", "latency p50 at the fixed rate", "ms", "lower"},
    {"p99_ms", "latency p99 at the fixed rate", "ms", "lower"},
    {"rate_cpu_us_per_request", "app process CPU per request at the fixed rate", "µs", "lower"},
    {"throughput_rps", "capacity: throughput at saturation (closed loop)", "req/s", "higher"},
    {"saturated_p99_ms", "latency p99 at saturation", "ms", "lower"},
    {"cpu_us_per_request", "app process CPU per request at saturation", "µs", "lower"},
    {"spans_per_request", "spans received by the sink per request (4 made)", "", "higher"},
    {"spans_per_export", "spans per export request the sink received", "", "higher"},
    {"heap_after_load_mb", "heap after load (after GC)", "MB", "lower"},
    {"rss_after_load_mb", "RSS after load", "MB", "lower"},
    {"rss_outside_heap_mb", "RSS outside the Java heap", "MB", "lower"},
    {"rss_outside_heap_anon_mb", "… of which anonymous memory (not mapped files)", "MB", "lower"},
    {"threads", "live threads", "", "lower"},
    {"classes", "loaded classes", "", "lower"},
    {"errors", "failed requests", "", "lower"},
  };

  /** Keys of the app's start-up steps (JVM uptime after each), reported in a table of their own. */
  static final String PHASE_PREFIX = "phase:";
  /** Keys of the start-up CPU by thread group ({@link StartupCpu}). */
  static final String CPU_PREFIX = "startup_cpu:";

  private final Map<AgentSetup, Map<String, List<Double>>> values = new EnumMap<>(AgentSetup.class);
  private final List<Double> lanternPremain = new ArrayList<>();
  private final List<Double> lanternReady = new ArrayList<>();

  void add(AgentSetup setup, String key, double value) {
    values.computeIfAbsent(setup, s -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new ArrayList<>()).add(value);
  }

  void addLanternStartup(double[] premainAndReady) {
    if (premainAndReady != null) {
      lanternPremain.add(premainAndReady[0]);
      lanternReady.add(premainAndReady[1]);
    }
  }

  double median(AgentSetup setup, String key) {
    List<Double> list = values.getOrDefault(setup, Map.of()).get(key);
    if (list == null || list.isEmpty()) {
      return Double.NaN;
    }
    return median(list);
  }

  private static double median(List<Double> list) {
    List<Double> sorted = new ArrayList<>(list);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The table's agent columns: Lantern and the OpenTelemetry agent always, a sampled Lantern if it ran. */
  private List<AgentSetup> agentColumns() {
    List<AgentSetup> columns = new ArrayList<>(List.of(AgentSetup.LANTERN, AgentSetup.OTEL));
    if (values.containsKey(AgentSetup.LANTERN_SAMPLED)) {
      columns.add(AgentSetup.LANTERN_SAMPLED);
    }
    return columns;
  }

  String markdown(String header) {
    StringBuilder md = new StringBuilder(header).append("\n\n");
    List<AgentSetup> columns = agentColumns();
    md.append("| figure | no agent |");
    for (AgentSetup setup : columns) {
      md.append(' ').append(setup.title).append(" | ratio |");
    }
    md.append("\n|---|---:|").append("---:|---:|".repeat(columns.size())).append('\n');
    for (String[] f : FIGURES) {
      double none = median(AgentSetup.NONE, f[0]);
      md.append("| ").append(f[1]).append(f[2].isEmpty() ? "" : " (" + f[2] + ")").append(" | ").append(fmt(none)).append(" |");
      for (AgentSetup setup : columns) {
        double value = median(setup, f[0]);
        md.append(' ').append(fmt(value)).append(" | ").append(ratio(value, none)).append(" |");
      }
      md.append('\n');
    }
    md.append("| start-up overhead vs no agent (ms) | |");
    for (AgentSetup setup : columns) {
      md.append(' ').append(fmt(median(setup, "startup_ms") - median(AgentSetup.NONE, "startup_ms"))).append(" | |");
    }
    md.append('\n');
    md.append(phases());
    md.append(startupCpu());
    if (!lanternPremain.isEmpty()) {
      md.append("\nLantern's own start-up figures (median): premain ")
          .append(fmt(median(lanternPremain))).append(" ms, instrumentation ready after ")
          .append(fmt(median(lanternReady))).append(" ms (in the background).\n");
    }
    return md.toString();
  }

  /** The process's CPU to the first served request by thread group, median per setup. */
  private String startupCpu() {
    List<AgentSetup> setups = new ArrayList<>();
    for (AgentSetup setup : values.keySet()) {
      if (values.get(setup).containsKey(CPU_PREFIX + StartupCpu.MAIN)) {
        setups.add(setup);
      }
    }
    if (setups.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("\nStart-up CPU by thread: median CPU time (ms) of each group of the app's");
    md.append(" threads when its first request had been served (Linux scheduler statistics). `agent`: the agent's own");
    md.append(" threads, with Lantern's ended start thread (the CPU it reports); `other`: every other thread, including");
    md.append(" those that had ended.\n\n");
    tableHead(md, "threads", setups);
    for (String group : StartupCpu.GROUPS) {
      md.append("| ").append(group).append(" |");
      for (AgentSetup setup : setups) {
        md.append(' ').append(values.get(setup).containsKey(CPU_PREFIX + group) ? fmt(median(setup, CPU_PREFIX + group)) : "0");
        md.append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }

  /**
   * Where the start-up goes: the median JVM uptime after each step of the app's start and of its
   * first request, and what each step took, per setup.
   */
  private String phases() {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    for (Map<String, List<Double>> bySetup : values.values()) {
      for (String key : bySetup.keySet()) {
        if (key.startsWith(PHASE_PREFIX)) {
          names.add(key.substring(PHASE_PREFIX.length()));
        }
      }
    }
    if (names.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("\nStart-up step by step: median JVM uptime (ms) after each step of the app's");
    md.append(" start and of its first request, and in brackets what the step took.\n\n");
    tableHead(md, "step", values.keySet());
    List<String> steps = new ArrayList<>();
    steps.add("main_uptime_ms");
    for (String name : names) {
      steps.add(PHASE_PREFIX + name);
    }
    String previous = null;
    for (String step : steps) {
      md.append("| ").append(step.startsWith(PHASE_PREFIX) ? step.substring(PHASE_PREFIX.length()) : "main").append(" |");
      for (AgentSetup setup : values.keySet()) {
        double at = median(setup, step);
        md.append(' ').append(fmt(at));
        if (previous != null) {
          md.append(" (").append(fmt(at - median(setup, previous))).append(')');
        }
        md.append(" |");
      }
      md.append('\n');
      previous = step;
    }
    return md.toString();
  }

  /** A table's header row, a column per setup, and its alignment row. */
  private static void tableHead(StringBuilder md, String firstColumn, java.util.Collection<AgentSetup> setups) {
    md.append("| ").append(firstColumn).append(" |");
    for (AgentSetup setup : setups) {
      md.append(' ').append(setup.label).append(" |");
    }
    md.append("\n|---|");
    for (int i = 0; i < setups.size(); i++) {
      md.append("---:|");
    }
    md.append('\n');
  }

  String json(Map<String, Object> meta) {
    StringBuilder json = new StringBuilder("{\n");
    for (Map.Entry<String, Object> e : meta.entrySet()) {
      json.append("  \"").append(e.getKey()).append("\": ").append(jsonValue(e.getValue())).append(",\n");
    }
    json.append("  \"results\": {\n");
    int i = 0;
    for (AgentSetup setup : AgentSetup.values()) {
      json.append("    \"").append(setup.label).append("\": {");
      int j = 0;
      for (String[] f : FIGURES) {
        json.append(j++ == 0 ? "" : ", ").append("\"").append(f[0]).append("\": ").append(jsonNumber(median(setup, f[0])));
      }
      json.append(", \"samples\": {");
      int k = 0;
      for (Map.Entry<String, List<Double>> e : values.getOrDefault(setup, Map.of()).entrySet()) {
        json.append(k++ == 0 ? "" : ", ").append("\"").append(e.getKey()).append("\": ").append(e.getValue());
      }
      json.append(i++ < AgentSetup.values().length - 1 ? "}},\n" : "}}\n");
    }
    json.append("  },\n  \"lantern_premain_ms\": ").append(lanternPremain).append(",\n  \"lantern_ready_ms\": ")
        .append(lanternReady).append("\n}\n");
    return json.toString();
  }

  void write(Path dir, String header, Map<String, Object> meta) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("overhead.md"), markdown(header), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("overhead.json"), json(meta), StandardCharsets.UTF_8);
  }

  private static String ratio(double value, double base) {
    return Double.isNaN(value) || Double.isNaN(base) || base == 0 ? "" : String.format(Locale.ROOT, "%.2f×", value / base);
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String jsonNumber(double v) {
    return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String jsonValue(Object v) {
    return v instanceof Number ? v.toString() : "\"" + String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
