package dev.lantern.agent.api.metrics;

import io.prometheus.client.SimpleCollector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The label children of one simpleclient metric, looked up without allocating, with a cap on the
 * number of distinct label sets.
 *
 * <p>simpleclient's own {@code labels(String...)} builds a varargs array and a list key on every
 * call. Here each label value is one level of a tree of maps keyed by the value itself (whose hash
 * {@link String} caches), so a hit costs a few map reads. When the cap is reached, new label sets
 * share one overflow child whose every label is {@value #OVERFLOW}, and the overflow is counted in
 * {@code lantern_metric_series_overflow_total{metric=...}}, so a runaway label (raw paths, user IDs)
 * cannot exhaust memory or the Prometheus server.
 */
public final class LabeledChildren<C> {

  public static final String OVERFLOW = "_overflow";
  public static final int DEFAULT_MAX_SERIES = 2000;

  private final SimpleCollector<C> collector;
  private final String metricName;
  private final int arity;
  private final int maxSeries;
  private final AtomicInteger series = new AtomicInteger();
  private final ConcurrentMap<String, Object> root = new ConcurrentHashMap<>();
  private volatile C overflow;

  public LabeledChildren(SimpleCollector<C> collector, String metricName, int arity, int maxSeries) {
    if (arity < 1 || arity > 6) {
      throw new IllegalArgumentException("arity must be 1..6: " + arity);
    }
    this.collector = collector;
    this.metricName = metricName;
    this.arity = arity;
    this.maxSeries = maxSeries;
  }

  public C get(String a) {
    return get(a, null, null, null, null, null);
  }

  public C get(String a, String b) {
    return get(a, b, null, null, null, null);
  }

  public C get(String a, String b, String c) {
    return get(a, b, c, null, null, null);
  }

  public C get(String a, String b, String c, String d) {
    return get(a, b, c, d, null, null);
  }

  public C get(String a, String b, String c, String d, String e) {
    return get(a, b, c, d, e, null);
  }

  /** Values beyond the metric's arity are ignored; null values become empty labels. */
  @SuppressWarnings("unchecked")
  public C get(String a, String b, String c, String d, String e, String f) {
    Object node = root;
    for (int level = 0; level < arity; level++) {
      node = ((ConcurrentMap<String, Object>) node).get(value(level, a, b, c, d, e, f));
      if (node == null) {
        return create(a, b, c, d, e, f);
      }
    }
    return (C) node;
  }

  /** Number of distinct label sets created so far (the overflow child not included). */
  public int size() {
    return series.get();
  }

  @SuppressWarnings("unchecked")
  private synchronized C create(String a, String b, String c, String d, String e, String f) {
    ConcurrentMap<String, Object> map = root;
    for (int level = 0; level < arity - 1; level++) {
      String key = value(level, a, b, c, d, e, f);
      Object next = map.get(key);
      if (next == null) {
        if (series.get() >= maxSeries) {
          return overflowChild();
        }
        next = new ConcurrentHashMap<String, Object>();
        map.put(key, next);
      }
      map = (ConcurrentMap<String, Object>) next;
    }
    String last = value(arity - 1, a, b, c, d, e, f);
    Object existing = map.get(last);
    if (existing != null) {
      return (C) existing;
    }
    if (series.get() >= maxSeries) {
      return overflowChild();
    }
    String[] labels = new String[arity];
    for (int level = 0; level < arity; level++) {
      labels[level] = value(level, a, b, c, d, e, f);
    }
    C child = collector.labels(labels);
    map.put(last, child);
    series.incrementAndGet();
    return child;
  }

  private C overflowChild() {
    SeriesOverflow.record(metricName);
    C child = overflow;
    if (child == null) {
      String[] labels = new String[arity];
      java.util.Arrays.fill(labels, OVERFLOW);
      child = collector.labels(labels);
      overflow = child;
    }
    return child;
  }

  private static String value(
      int level, String a, String b, String c, String d, String e, String f) {
    String v;
    switch (level) {
      case 0:
        v = a;
        break;
      case 1:
        v = b;
        break;
      case 2:
        v = c;
        break;
      case 3:
        v = d;
        break;
      case 4:
        v = e;
        break;
      default:
        v = f;
    }
    return v == null ? "" : v;
  }
}
