package dev.lantern.instrumentation.kafkaclients;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Lag of paused partitions. A paused partition is not fetched, so the consumer's own figure stops
 * moving while records pile up. At most every {@code paused-lag-refresh-ms}, after a poll and on
 * the consumer's own thread (consumers are not thread-safe), the end offsets of the paused
 * partitions are asked for (one ListOffsets round trip, bounded by a short timeout) and compared
 * with the positions.
 */
final class PausedLag {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private PausedLag() {}

  static void afterPoll(KafkaConsumer<?, ?> consumer, ConsumerState state) {
    long interval = KafkaSettings.PAUSED_LAG_REFRESH_NANOS;
    if (interval <= 0) {
      return;
    }
    long now = System.nanoTime();
    boolean due = now - state.lastPausedRefreshNanos >= interval;
    if (!due && state.pausedLag.isEmpty()) {
      return;
    }
    Set<TopicPartition> paused = consumer.paused();
    state.pausedLag.keySet().retainAll(paused);
    if (!due || paused.isEmpty()) {
      return;
    }
    state.lastPausedRefreshNanos = now;
    try {
      Map<TopicPartition, Long> ends = consumer.endOffsets(paused, TIMEOUT);
      for (TopicPartition partition : paused) {
        Long end = ends.get(partition);
        if (end != null) {
          long position = consumer.position(partition, TIMEOUT);
          state.pausedLag.put(partition, Math.max(0L, end - position));
          state.noteTopic(partition.topic());
        }
      }
    } catch (WakeupException e) {
      // the wakeup was meant for the application's next call: arm it again
      consumer.wakeup();
    } catch (RuntimeException e) {
      // keep the last figures; the next refresh tries again (an interrupt stays flagged by Kafka)
    }
  }
}
