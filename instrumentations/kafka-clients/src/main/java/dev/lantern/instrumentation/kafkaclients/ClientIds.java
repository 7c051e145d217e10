package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.WeakStore;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The {@code client.id} a client really uses (generated when the configuration has none), read
 * once from the tags of its own metrics and remembered per client.
 */
final class ClientIds {

  private static final WeakStore<Object, String> IDS = new WeakStore<>();
  private static final String NONE = "";

  private ClientIds() {}

  static String of(Object client) {
    String id = IDS.get(client);
    if (id == null) {
      id = read(client);
      IDS.put(client, id);
    }
    return id.isEmpty() ? null : id;
  }

  private static String read(Object client) {
    Map<MetricName, ? extends Metric> metrics;
    try {
      if (client instanceof org.apache.kafka.clients.producer.Producer) {
        metrics = ((org.apache.kafka.clients.producer.Producer<?, ?>) client).metrics();
      } else if (client instanceof org.apache.kafka.clients.consumer.Consumer) {
        metrics = ((org.apache.kafka.clients.consumer.Consumer<?, ?>) client).metrics();
      } else {
        return NONE;
      }
    } catch (RuntimeException e) {
      return NONE;
    }
    return fromMetricNames(metrics.keySet());
  }

  static String fromMetricNames(Iterable<MetricName> names) {
    for (MetricName name : names) {
      String id = name.tags().get("client-id");
      if (id != null && !id.isEmpty()) {
        return id;
      }
    }
    return NONE;
  }
}
