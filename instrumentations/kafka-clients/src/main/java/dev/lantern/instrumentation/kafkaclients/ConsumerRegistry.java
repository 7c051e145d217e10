package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.WeakStore;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * The {@link ConsumerState} of each live consumer, created when the consumer is constructed (the
 * group id comes from its configuration) or, for consumers built before the agent was attached,
 * at their first poll. Closing a consumer removes its lag series.
 */
final class ConsumerRegistry {

  private static final WeakStore<Object, ConsumerState> STATES = new WeakStore<>();

  private ConsumerRegistry() {}

  static void created(KafkaConsumer<?, ?> consumer, Object config) {
    if (consumer == null || STATES.get(consumer) != null) {
      return;
    }
    register(consumer, groupId(config));
  }

  static ConsumerState stateOf(KafkaConsumer<?, ?> consumer) {
    ConsumerState state = STATES.get(consumer);
    return state != null ? state : register(consumer, null);
  }

  static void closed(KafkaConsumer<?, ?> consumer) {
    ConsumerState state = STATES.remove(consumer);
    if (state != null) {
      state.close();
      KafkaMetrics.CONSUMER_LAG.remove(state);
    }
  }

  private static ConsumerState register(KafkaConsumer<?, ?> consumer, String groupId) {
    ConsumerState created = new ConsumerState(consumer, groupId);
    ConsumerState state = STATES.putIfAbsent(consumer, created);
    if (state == created) {
      KafkaMetrics.CONSUMER_LAG.add(state);
    }
    return state;
  }

  /** {@code group.id} from a constructor's first argument: a map, properties or a config. */
  static String groupId(Object config) {
    Object value = null;
    if (config instanceof Map) {
      value = ((Map<?, ?>) config).get("group.id");
    } else if (config instanceof AbstractConfig) {
      value = ((AbstractConfig) config).originals().get("group.id");
    }
    if (value == null) {
      return null;
    }
    String id = value.toString().trim();
    return id.isEmpty() ? null : MessagingAttributes.truncate(id, 255);
  }
}
