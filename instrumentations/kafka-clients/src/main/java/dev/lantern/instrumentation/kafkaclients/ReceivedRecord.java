package dev.lantern.instrumentation.kafkaclients;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

/** What poll learned about one record, kept until the application takes the record. */
final class ReceivedRecord {

  /** Extracted from the record's headers: producer span, baggage, correlation ID. */
  final Context producerContext;

  final SpanContext receiveSpan;
  final ConsumerState consumer;

  ReceivedRecord(Context producerContext, SpanContext receiveSpan, ConsumerState consumer) {
    this.producerContext = producerContext;
    this.receiveSpan = receiveSpan;
    this.consumer = consumer;
  }
}
