package dev.lantern.agent.api.metrics;

import dev.lantern.agent.api.AgentRuntime;
import io.prometheus.client.Collector;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Registers metrics in the agent's own registry, once per name: instrumentations in several
 * application class loaders may ask for the same metric, and all must get the same collector.
 */
public final class AgentMetrics {

  private static final Map<String, Collector> BY_NAME = new HashMap<>();

  private AgentMetrics() {}

  public static Histogram histogram(String name, String help, double[] buckets, String... labels) {
    return register(
        name,
        () -> Histogram.build().name(name).help(help).buckets(buckets).labelNames(labels).create());
  }

  public static Counter counter(String name, String help, String... labels) {
    return register(name, () -> Counter.build().name(name).help(help).labelNames(labels).create());
  }

  public static Gauge gauge(String name, String help, String... labels) {
    return register(name, () -> Gauge.build().name(name).help(help).labelNames(labels).create());
  }

  /** Registers the collector made by the factory unless one of that name exists; returns it. */
  @SuppressWarnings("unchecked")
  public static synchronized <T extends Collector> T register(String name, Supplier<T> factory) {
    Collector existing = BY_NAME.get(name);
    if (existing != null) {
      return (T) existing;
    }
    T collector = factory.get();
    collector.register(AgentRuntime.registry());
    BY_NAME.put(name, collector);
    return collector;
  }
}
