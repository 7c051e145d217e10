package dev.lantern.instrumentation.kafkaclients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConsumerStateTest {

  @BeforeAll
  static void telemetry() {
    TestTelemetry.install();
  }

  @Test
  void readsRecordsLagPerPartitionRestoringDottedTopicNames() {
    try (Metrics metrics = new Metrics()) {
      lag(metrics, "orders.eu", "0", 5);
      lag(metrics, "orders_eu", "0", 5); // 4.x also writes a deprecated copy with underscores
      lag(metrics, "orders_eu", "1", 2);
      lag(metrics, "payments", "3", Double.NaN);
      metrics.addMetric(
          metrics.metricName("records-lag-max", ConsumerState.FETCH_GROUP, tags("payments", "3")),
          (config, now) -> 9);
      ConsumerState state = new ConsumerState(null, "billing");
      state.noteTopic("orders.eu");

      Map<String, Double> expected = new LinkedHashMap<>();
      expected.put("orders.eu\u00000", 5.0);
      expected.put("orders.eu\u00001", 2.0);
      assertEquals(expected, new java.util.TreeMap<>(state.lagByPartition(metrics.metrics())));
      assertEquals("unknown_topic", state.topicName("unknown_topic"));
    }
  }

  @Test
  void groupIdComesFromTheConstructorsConfiguration() {
    Map<String, Object> map = new HashMap<>();
    map.put("group.id", "billing");
    assertEquals("billing", ConsumerRegistry.groupId(map));
    Properties properties = new Properties();
    properties.put("group.id", " shipping ");
    assertEquals("shipping", ConsumerRegistry.groupId(properties));
    properties.put("key.deserializer", StringDeserializer.class.getName());
    properties.put("value.deserializer", StringDeserializer.class.getName());
    properties.put("bootstrap.servers", "127.0.0.1:9");
    assertEquals("shipping", ConsumerRegistry.groupId(new ConsumerConfig(properties)));
    assertNull(ConsumerRegistry.groupId(Collections.singletonMap("group.id", "")));
    assertNull(ConsumerRegistry.groupId(null));
  }

  @Test
  void aConsumerFirstSeenAtAPollIsAskedForItsGroup() {
    Properties properties = new Properties();
    properties.put("key.deserializer", StringDeserializer.class.getName());
    properties.put("value.deserializer", StringDeserializer.class.getName());
    properties.put("bootstrap.servers", "127.0.0.1:9");
    properties.put("group.id", "built-before-ready");
    // built without the constructor advice, as when the app builds it while the agent starts
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      ConsumerState state = ConsumerRegistry.stateOf(consumer);
      assertEquals("built-before-ready", state.groupId);
      assertSame(state, ConsumerRegistry.stateOf(consumer));
      ConsumerRegistry.closed(consumer);
    }
    properties.remove("group.id");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      assertNull(ConsumerRegistry.stateOf(consumer).groupId, "no group: none reported");
      ConsumerRegistry.closed(consumer);
    }
  }

  private static void lag(Metrics metrics, String topic, String partition, double value) {
    MetricName name = metrics.metricName("records-lag", ConsumerState.FETCH_GROUP, tags(topic, partition));
    metrics.addMetric(name, (config, now) -> value);
  }

  private static Map<String, String> tags(String topic, String partition) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("client-id", "consumer-1");
    tags.put("topic", topic);
    tags.put("partition", partition);
    return tags;
  }
}
