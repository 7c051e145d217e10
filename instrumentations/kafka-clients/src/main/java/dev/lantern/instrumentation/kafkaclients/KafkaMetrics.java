package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.metrics.AgentMetrics;
import dev.lantern.agent.api.metrics.LabeledChildren;
import dev.lantern.agent.api.metrics.PolledGauge;
import dev.lantern.agent.api.metrics.SemconvBuckets;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

/**
 * The messaging metrics, named as the OpenTelemetry Prometheus exporter writes the semantic
 * conventions' {@code messaging.client.sent.messages}, {@code messaging.client.consumed.messages},
 * {@code messaging.client.operation.duration} and {@code messaging.process.duration}, plus the
 * consumer lag gauge. Labels are topic, group and error class names only: bounded by the
 * application, and capped.
 */
final class KafkaMetrics {

  static final String SENT = "messaging_client_sent_messages_total";
  static final String CONSUMED = "messaging_client_consumed_messages_total";
  static final String OPERATION_DURATION = "messaging_client_operation_duration_seconds";
  static final String PROCESS_DURATION = "messaging_process_duration_seconds";
  static final String LAG = "messaging_kafka_consumer_lag";

  /** {messaging_system, messaging_destination_name, error_type}. */
  static final LabeledChildren<Counter.Child> SENT_MESSAGES =
      new LabeledChildren<>(
          AgentMetrics.counter(
              SENT,
              "Messages the producer attempted to send, by outcome.",
              "messaging_system",
              "messaging_destination_name",
              "error_type"),
          SENT,
          3,
          LabeledChildren.DEFAULT_MAX_SERIES);

  /** {messaging_system, messaging_destination_name, messaging_consumer_group_name}. */
  static final LabeledChildren<Counter.Child> CONSUMED_MESSAGES =
      new LabeledChildren<>(
          AgentMetrics.counter(
              CONSUMED,
              "Messages poll delivered to the application.",
              "messaging_system",
              "messaging_destination_name",
              "messaging_consumer_group_name"),
          CONSUMED,
          3,
          LabeledChildren.DEFAULT_MAX_SERIES);

  /**
   * {messaging_system, messaging_operation_name, messaging_destination_name,
   * messaging_consumer_group_name, error_type}.
   */
  static final LabeledChildren<Histogram.Child> OPERATIONS =
      new LabeledChildren<>(
          AgentMetrics.histogram(
              OPERATION_DURATION,
              "Duration of messaging operations: send (until the broker acknowledges) and poll"
                  + " (polls that returned records or failed).",
              SemconvBuckets.HTTP_DURATION_SECONDS,
              "messaging_system",
              "messaging_operation_name",
              "messaging_destination_name",
              "messaging_consumer_group_name",
              "error_type"),
          OPERATION_DURATION,
          5,
          LabeledChildren.DEFAULT_MAX_SERIES);

  /** {messaging_system, messaging_destination_name, messaging_consumer_group_name}. */
  static final LabeledChildren<Histogram.Child> PROCESSING =
      new LabeledChildren<>(
          AgentMetrics.histogram(
              PROCESS_DURATION,
              "Time the application spent on one record: from taking it from the poll result to"
                  + " taking the next one or ending the iteration.",
              SemconvBuckets.HTTP_DURATION_SECONDS,
              "messaging_system",
              "messaging_destination_name",
              "messaging_consumer_group_name"),
          PROCESS_DURATION,
          3,
          LabeledChildren.DEFAULT_MAX_SERIES);

  static final PolledGauge CONSUMER_LAG =
      PolledGauge.register(
          LAG,
          "Records in the partition after the consumer's position, from the consumer's own"
              + " records-lag figure (or, for paused partitions, end offsets it asks for).",
          "messaging_destination_name",
          "messaging_destination_partition_id",
          "messaging_consumer_group_name");

  private KafkaMetrics() {}
}
