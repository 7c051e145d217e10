package dev.lantern.agent.metrics;

import dev.lantern.agent.api.health.DependencyHealth;
import dev.lantern.agent.api.health.DependencyWindow;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.Arrays;
import java.util.List;

/**
 * {@code lantern_dependency_up} (1 while UP or DEGRADED, 0 when DOWN) and {@code
 * lantern_dependency_health_score} (0–1) per dependency the application called, computed at scrape
 * time from the sliding windows.
 */
public final class DependencyCollector extends Collector {

  private static final List<String> LABELS = Arrays.asList("dependency_kind", "dependency");

  @Override
  public List<MetricFamilySamples> collect() {
    GaugeMetricFamily up =
        new GaugeMetricFamily(
            "lantern_dependency_up",
            "1 while a dependency the application calls is UP or DEGRADED, 0 when DOWN (from its own calls).",
            LABELS);
    GaugeMetricFamily score =
        new GaugeMetricFamily(
            "lantern_dependency_health_score",
            "Health of a dependency from 0 (failing) to 1 (healthy), from the application's own calls over the last minute.",
            LABELS);
    long now = System.currentTimeMillis();
    for (DependencyHealth.Dependency dependency : DependencyHealth.all()) {
      DependencyWindow.Snapshot snapshot = DependencyHealth.snapshot(dependency);
      List<String> values = Arrays.asList(dependency.kind, dependency.name);
      up.addMetric(values, DependencyHealth.status(snapshot, now) == DependencyHealth.Status.DOWN ? 0 : 1);
      score.addMetric(values, DependencyHealth.score(snapshot));
    }
    return Arrays.asList(up, score);
  }
}
