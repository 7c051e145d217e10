package dev.lantern.agent.api.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the distinct values of one label of one metric (table names, pool names): the first
 * {@code limit} values are kept as they are, later new ones become {@value
 * LabeledChildren#OVERFLOW} and are counted in {@code lantern_metric_series_overflow_total{metric}}.
 * Unlike the cap of {@link LabeledChildren}, the other labels of the series keep their values.
 */
public final class BoundedLabelValues {

  private final String metricName;
  private final int limit;
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();

  public BoundedLabelValues(String metricName, int limit) {
    this.metricName = metricName;
    this.limit = limit;
  }

  /** The value itself while it is known or there is room, else the overflow value; null stays null. */
  public String bound(String value) {
    if (value == null || accepted.contains(value)) {
      return value;
    }
    synchronized (this) {
      if (accepted.contains(value)) {
        return value;
      }
      if (accepted.size() < limit) {
        accepted.add(value);
        return value;
      }
    }
    SeriesOverflow.record(metricName);
    return LabeledChildren.OVERFLOW;
  }

  /** Number of distinct values kept. */
  public int size() {
    return accepted.size();
  }
}
