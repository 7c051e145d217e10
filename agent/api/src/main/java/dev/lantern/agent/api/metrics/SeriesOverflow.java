package dev.lantern.agent.api.metrics;

import io.prometheus.client.Counter;

/** Counts label sets that a metric's cardinality cap folded into its overflow series. */
final class SeriesOverflow {

  private static volatile LabeledChildren<Counter.Child> counter;

  private SeriesOverflow() {}

  static void record(String metricName) {
    LabeledChildren<Counter.Child> c = counter;
    if (c == null) {
      c = create();
    }
    c.get(metricName).inc();
  }

  private static synchronized LabeledChildren<Counter.Child> create() {
    if (counter == null) {
      Counter collector =
          AgentMetrics.counter(
              "lantern_metric_series_overflow_total",
              "Observations folded into a metric's overflow series because its label sets hit the cap.",
              "metric");
      // metric names are a small fixed set, the cap only guards against misuse
      counter = new LabeledChildren<>(collector, "lantern_metric_series_overflow_total", 1, 1000);
    }
    return counter;
  }
}
