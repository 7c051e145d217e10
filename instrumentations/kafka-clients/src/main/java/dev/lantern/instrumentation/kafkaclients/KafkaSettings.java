package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.AgentConfig;
import dev.lantern.agent.api.AgentRuntime;
import java.util.concurrent.TimeUnit;

/** The module's configuration, read once. */
final class KafkaSettings {

  static final String PAUSED_LAG_REFRESH_KEY =
      "lantern.instrumentation.kafka-clients.paused-lag-refresh-ms";
  static final int DEFAULT_PAUSED_LAG_REFRESH_MS = 10_000;

  /** How often end offsets of paused partitions are asked for; 0 turns it off. */
  static final long PAUSED_LAG_REFRESH_NANOS = readRefreshNanos();

  private KafkaSettings() {}

  private static long readRefreshNanos() {
    AgentConfig config = AgentRuntime.config();
    int ms =
        config == null
            ? DEFAULT_PAUSED_LAG_REFRESH_MS
            : config.getInt(PAUSED_LAG_REFRESH_KEY, DEFAULT_PAUSED_LAG_REFRESH_MS, 0, 3_600_000);
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }
}
