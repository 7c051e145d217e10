package dev.lantern.testapps.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.Ports;
import dev.lantern.testing.PrometheusScrape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The collector down for a long while under steady load (10 s; 10 minutes with
 * -Dlantern.reliability.full=true): the heap stays flat (the export queue is bounded, every
 * dropped span is counted), measured with the application's own MXBeans after full collections.
 * Then distinct paths, SQL tables and model names by the thousand (10,000 each in the long
 * version): every metric's label sets stay under the documented caps, and what overflowed is
 * counted.
 */
class SoakIT {

  static final int RATE = 40;

  @Test
  void collectorDownUnderSteadyLoadThenThousandsOfDistinctLabelValues() {
    int closed = Ports.freePort();
    Duration soak = Figures.full() ? Duration.ofMinutes(10) : Duration.ofSeconds(10);
    try (OtlpReceiver unused = OtlpReceiver.start();
        AgentApp app =
            ReliabilityApps.underAgent(unused, "soak")
                .sysProp("lantern.exporter.otlp.endpoint", "http://127.0.0.1:" + closed)
                .start()) {
      LoadDriver.Result warm = LoadDriver.run(8, Duration.ofSeconds(3), 200, 0, LoadIT.work(app, "warm-"));
      assertEquals(0, warm.failed(), warm.describe());
      long baseline = Probe.heapAfterGc(app);
      List<String> samples = new ArrayList<>();
      samples.add(Figures.mib(baseline));
      List<LoadDriver.Result> parts = new ArrayList<>();
      Duration part = Figures.full() ? Duration.ofMinutes(1) : soak;
      for (long done = 0; done < soak.toMillis(); done += part.toMillis()) {
        LoadDriver.Result r = LoadDriver.run(LoadIT.CLIENTS, part, 1_000_000, RATE, LoadIT.work(app, "soak-" + done + "-"));
        assertEquals(0, r.failed(), r.describe());
        parts.add(r);
        samples.add(Figures.mib(Probe.heapAfterGc(app)));
        SharedBackends.llm().clearRequests();
      }
      long end = Probe.heapAfterGc(app);
      int requests = warm.requests + parts.stream().mapToInt(r -> r.requests).sum();
      Probe.await("the consumer to process every record", () -> Probe.consumed(app), c -> c == requests);
      Probe.Spans spans = Probe.settledSpans(app);
      assertEquals(0.0, spans.exported(), spans.toString());
      assertEquals(spans.started(), spans.dropped(), "every span is dropped and counted: " + spans);
      LoadIT.assertMetricsCount(app, requests);
      long growth = end - baseline;
      assertTrue(growth < 48L * 1024 * 1024, "heap after GC grew by " + Figures.mib(growth) + ": " + samples);
      double rate = parts.stream().mapToInt(r -> r.requests).sum() / (double) soak.toSeconds();
      Figures.record("Soak", "collector down for " + describe(soak) + " under steady load (" + LoadIT.CLIENTS + " clients paced to " + RATE + " req/s of /work, every instrumentation)",
          String.format("%.0f req/s, %d requests, 0 failed; heap after GC %s → %s (%s%s), samples %s; %s; every histogram count = requests",
              rate, requests, Figures.mib(baseline), Figures.mib(end), growth >= 0 ? "+" : "", Figures.mib(growth), samples, spans));

      spreadLabels(app);
    }
  }

  private static void spreadLabels(AgentApp app) {
    int paths = Figures.full() ? 10_000 : 1_000;
    int tables = Figures.full() ? 10_000 : 400;
    int models = Figures.full() ? 10_000 : 250;
    long before = Probe.heapAfterGc(app);
    for (String[] spread : List.of(new String[] {"paths", "" + paths}, new String[] {"sql", "" + tables}, new String[] {"models", "" + models})) {
      int n = Integer.parseInt(spread[1]);
      for (int from = 0; from < n; from += 1000) {
        String answer = Http.get(app.url("/spread/" + spread[0] + "?from=" + from + "&n=" + Math.min(1000, n - from)), Map.of(), Duration.ofMinutes(10))
            .requireStatus(200).body();
        assertTrue(answer.matches("DONE \\d+ failures=0"), spread[0] + ": " + answer);
        SharedBackends.llm().clearRequests();
      }
    }
    long after = Probe.heapAfterGc(app);
    PrometheusScrape s = PrometheusScrape.parse(Http.get(app.metricsUrl("/metrics"), Map.of(), Duration.ofSeconds(60)).requireStatus(200).body());

    // paths: never a label
    assertEquals(Set.of("/work", "/leaf", "/spread", "/debug"), labelValues(s, "http_server_request_duration_seconds_count", "http_route"));
    assertTrue(s.raw().lines().noneMatch(l -> l.contains("/leaf/p")), "no raw path in any label");
    // SQL tables: the first 200, then _overflow, counted
    Set<String> collections = labelValues(s, "db_client_operation_duration_seconds_count", "db_collection_name");
    assertTrue(collections.size() <= 201 && collections.contains("_overflow"), collections.size() + " table labels");
    double overflowedStatements = s.sum("db_client_operation_duration_seconds_count", Map.of("db_collection_name", "_overflow"));
    double dbOverflow = s.value("lantern_metric_series_overflow_total", Map.of("metric", "db_client_operation_duration_seconds"));
    assertTrue(overflowedStatements >= tables - 200 && dbOverflow >= overflowedStatements, overflowedStatements + " statements overflowed, counted " + dbOverflow);
    // model names: the first 100, then _other
    Set<String> modelLabels = labelValues(s, "gen_ai_client_operation_duration_seconds_count", "gen_ai_request_model");
    assertTrue(modelLabels.size() <= 101 && modelLabels.contains("_other"), modelLabels.size() + " model labels");
    double otherModels = s.sum("gen_ai_client_operation_duration_seconds_count", Map.of("gen_ai_request_model", "_other"));
    assertTrue(otherModels >= models - 100, otherModels + " calls under _other");
    // every metric: at most 2,000 label sets (+ the overflow set)
    // (one sample per label set for every name but histogram buckets)
    Map<String, Long> series = s.samples().stream().filter(x -> !x.name().endsWith("_bucket"))
        .collect(Collectors.groupingBy(x -> x.name(), Collectors.counting()));
    series.forEach((name, count) -> assertTrue(count <= 2001, name + " has " + count + " label sets"));
    long largest = series.values().stream().mapToLong(Long::longValue).max().orElse(0);
    // dependencies: at most 200 tracked, the rest under _overflow
    String deps = Http.get(app.metricsUrl("/health/dependencies")).requireStatus(200).body();
    Matcher m = Pattern.compile("\"id\":").matcher(deps);
    int dependencies = 0;
    while (m.find()) {
      dependencies++;
    }
    assertTrue(dependencies <= 201, dependencies + " dependencies");
    long growth = after - before;
    assertTrue(growth < 48L * 1024 * 1024, "heap after GC grew by " + Figures.mib(growth));
    assertEquals(0.0, Probe.adviceErrors(app));
    Figures.record("Soak", String.format("%,d distinct paths, %,d distinct SQL tables, %,d distinct model names, collector still down", paths, tables, models),
        String.format("routes: %d label values (no raw path); db_collection_name: %d values, %.0f statements under _overflow, lantern_metric_series_overflow_total %.0f; gen_ai_request_model: %d values, %.0f calls under _other; %d dependencies tracked; at most %d label sets in any metric; heap after GC %s → %s",
            4, collections.size(), overflowedStatements, dbOverflow, modelLabels.size(), otherModels, dependencies, largest, Figures.mib(before), Figures.mib(after)));
  }

  private static Set<String> labelValues(PrometheusScrape s, String sample, String label) {
    return s.samples(sample).stream().map(x -> x.label(label)).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String describe(Duration d) {
    return d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
