package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.metrics.PolledGauge;
import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;

/**
 * What the agent knows of one consumer: its group, the topics it has seen, and lag figures it
 * asked for itself; and the source of the consumer's lag series, read at scrape time.
 *
 * <p>The lag of a partition is the consumer's own {@code records-lag} metric (high watermark, or
 * last stable offset under read_committed, minus the position, as of the last fetch). A paused
 * partition is not fetched, so that figure would freeze; for paused partitions the figure from
 * {@link PausedLag} is used instead. Only the consumer's thread-safe {@code metrics()} is called
 * here, on the metrics server's thread; the consumer is held weakly.
 */
final class ConsumerState implements PolledGauge.Source {

  static final String FETCH_GROUP = "consumer-fetch-manager-metrics";
  static final String RECORDS_LAG = "records-lag";
  private static final int MAX_TOPICS = 1000;

  private final WeakReference<KafkaConsumer<?, ?>> consumer;
  final String groupId;
  private final Set<String> topics = ConcurrentHashMap.newKeySet();
  final Map<TopicPartition, Long> pausedLag = new ConcurrentHashMap<>();
  /** Touched only on the consumer's own thread. */
  long lastPausedRefreshNanos;
  private volatile boolean closed;

  ConsumerState(KafkaConsumer<?, ?> consumer, String groupId) {
    this.consumer = new WeakReference<>(consumer);
    this.groupId = groupId;
    this.lastPausedRefreshNanos = System.nanoTime() - KafkaSettings.PAUSED_LAG_REFRESH_NANOS;
  }

  String groupLabel() {
    return groupId == null ? "" : groupId;
  }

  void noteTopic(String topic) {
    if (topic != null && topics.size() < MAX_TOPICS) {
      topics.add(topic);
    }
  }

  void close() {
    closed = true;
    pausedLag.clear();
  }

  @Override
  public boolean sample(PolledGauge.Sink sink) {
    KafkaConsumer<?, ?> c = consumer.get();
    if (c == null || closed) {
      return false;
    }
    Map<String, Double> lag = lagByPartition(c.metrics());
    for (Map.Entry<TopicPartition, Long> paused : pausedLag.entrySet()) {
      lag.put(key(paused.getKey().topic(), String.valueOf(paused.getKey().partition())),
          paused.getValue().doubleValue());
    }
    String group = groupLabel();
    for (Map.Entry<String, Double> entry : lag.entrySet()) {
      int separator = entry.getKey().indexOf('\u0000');
      sink.put(
          entry.getValue(),
          entry.getKey().substring(0, separator),
          entry.getKey().substring(separator + 1),
          group);
    }
    return true;
  }

  /** {@code topic NUL partition -> records-lag}, topic names restored from metric tags. */
  Map<String, Double> lagByPartition(Map<MetricName, ? extends Metric> metrics) {
    Map<String, Double> lag = new LinkedHashMap<>();
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
      MetricName name = entry.getKey();
      if (!RECORDS_LAG.equals(name.name()) || !FETCH_GROUP.equals(name.group())) {
        continue;
      }
      String topicTag = name.tags().get("topic");
      String partition = name.tags().get("partition");
      if (topicTag == null || partition == null) {
        continue;
      }
      Object value = entry.getValue().metricValue();
      if (!(value instanceof Number)) {
        continue;
      }
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        continue;
      }
      lag.putIfAbsent(key(topicName(topicTag), partition), d);
    }
    return lag;
  }

  /**
   * Older clients (and 4.x's deprecated duplicates) write dots in topic tags as underscores; the
   * topics the consumer has seen give the real name back.
   */
  String topicName(String tag) {
    if (topics.contains(tag)) {
      return tag;
    }
    for (String topic : topics) {
      if (topic.replace('.', '_').equals(tag)) {
        return topic;
      }
    }
    return tag;
  }

  private static String key(String topic, String partition) {
    return topic + '\u0000' + partition;
  }
}
