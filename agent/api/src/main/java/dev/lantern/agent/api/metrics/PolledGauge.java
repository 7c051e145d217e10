package dev.lantern.agent.api.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gauge whose values are read from live objects when {@code /metrics} is scraped, rather than
 * set on a hot path: a consumer's lag, a pool's size. Instrumentations register one {@link Source}
 * per object; a source that reports itself gone is dropped.
 *
 * <pre>{@code
 * PolledGauge lag = PolledGauge.register("messaging_kafka_consumer_lag", "help", "topic", "partition");
 * lag.add(sink -> { if (consumerGone) return false; sink.put(42, "orders", "0"); return true; });
 * }</pre>
 *
 * Lives in the agent API so that sources from every application class loader share one
 * collector. A source that throws is skipped for that scrape; the number of series per scrape is
 * capped like {@link LabeledChildren}, the rest counted as overflow.
 */
public final class PolledGauge extends Collector {

  /** Reports the current values of one object; returns false once the object is gone. */
  public interface Source {
    boolean sample(Sink sink);
  }

  /** Receives the values of a source; label values in the order of the gauge's label names. */
  public interface Sink {
    void put(double value, String... labelValues);
  }

  private final String name;
  private final String help;
  private final List<String> labelNames;
  private final int maxSeries;
  private final List<Source> sources = new CopyOnWriteArrayList<>();

  PolledGauge(String name, String help, int maxSeries, String... labelNames) {
    this.name = name;
    this.help = help;
    this.maxSeries = maxSeries;
    this.labelNames = Collections.unmodifiableList(Arrays.asList(labelNames.clone()));
  }

  /** The gauge of that name in the agent registry, created on first use. */
  public static PolledGauge register(String name, String help, String... labelNames) {
    return AgentMetrics.register(
        name, () -> new PolledGauge(name, help, LabeledChildren.DEFAULT_MAX_SERIES, labelNames));
  }

  public void add(Source source) {
    if (source != null) {
      sources.add(source);
    }
  }

  public void remove(Source source) {
    sources.remove(source);
  }

  /** Registered sources; for tests and self-checks. */
  public int sourceCount() {
    return sources.size();
  }

  @Override
  public List<MetricFamilySamples> collect() {
    GaugeMetricFamily family = new GaugeMetricFamily(name, help, labelNames);
    CappedSink sink = new CappedSink(family);
    for (Source source : sources) {
      boolean alive;
      try {
        alive = source.sample(sink);
      } catch (Throwable t) {
        // a source that fails is skipped this time; the scrape goes on
        alive = true;
      }
      if (!alive) {
        sources.remove(source);
      }
    }
    if (sink.overflowed) {
      SeriesOverflow.record(name);
    }
    List<MetricFamilySamples> result = new ArrayList<>(1);
    result.add(family);
    return result;
  }

  private final class CappedSink implements Sink {
    private final GaugeMetricFamily family;
    private int count;
    boolean overflowed;

    CappedSink(GaugeMetricFamily family) {
      this.family = family;
    }

    @Override
    public void put(double value, String... labelValues) {
      if (labelValues == null || labelValues.length != labelNames.size() || Double.isNaN(value)) {
        return;
      }
      if (count >= maxSeries) {
        overflowed = true;
        return;
      }
      List<String> values = new ArrayList<>(labelValues.length);
      for (String v : labelValues) {
        values.add(v == null ? "" : v);
      }
      family.addMetric(values, value);
      count++;
    }
  }
}
