package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.WeakStore;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * The {@link ConsumerState} of each live consumer, created when the consumer is constructed (the
 * group id comes from its configuration) or, for consumers built before the agent's weaving was
 * ready (attached late, or built by the app while the agent was still starting), at their first
 * poll, with the group id asked of the consumer itself. Closing a consumer removes its lag series.
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
    return state != null ? state : register(consumer, groupIdOf(consumer));
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
    return value == null ? null : clean(value.toString());
  }

  /**
   * The group of a consumer seen first at a poll, asked on the polling thread so that the
   * consumer's single-thread guard lets it answer: {@code groupMetadata()} from 2.5 on (the module
   * compiles against 2.0, hence reflection), before that the consumer's own {@code groupId} field
   * (an Optional, 2.2 to 2.4) or its coordinator's (2.0, 2.1). A consumer without a group reports
   * none.
   */
  static String groupIdOf(KafkaConsumer<?, ?> consumer) {
    try {
      Object metadata = KafkaConsumer.class.getMethod("groupMetadata").invoke(consumer);
      return clean((String) metadata.getClass().getMethod("groupId").invoke(metadata));
    } catch (NoSuchMethodException before25) {
      return groupIdField(consumer);
    } catch (Throwable noGroup) {
      return null;
    }
  }

  private static String groupIdField(KafkaConsumer<?, ?> consumer) {
    try {
      Object value;
      try {
        value = field(KafkaConsumer.class, "groupId").get(consumer);
      } catch (NoSuchFieldException before22) {
        Object coordinator = field(KafkaConsumer.class, "coordinator").get(consumer);
        value = coordinator == null ? null : field(coordinator.getClass(), "groupId").get(coordinator);
      }
      if (value instanceof Optional) {
        value = ((Optional<?>) value).orElse(null);
      }
      return value instanceof String ? clean((String) value) : null;
    } catch (Throwable unknownLayout) {
      return null;
    }
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField(name);
        field.setAccessible(true);
        return field;
      } catch (NoSuchFieldException notHere) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(name);
  }

  private static String clean(String value) {
    if (value == null) {
      return null;
    }
    String id = value.trim();
    return id.isEmpty() ? null : MessagingAttributes.truncate(id, 255);
  }
}
