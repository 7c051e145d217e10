package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.LanternThread;
import dev.lantern.agent.api.correlation.CorrelationId;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the send advice does: start the PRODUCER span as a child of the caller's context, write
 * the propagation headers into the record, and hand the library a callback that ends the span
 * when the broker answers. If {@code send} throws instead, the exit advice ends it.
 */
final class ProducerSends {

  private static final Tracer TRACER = AgentRuntime.tracer("kafka-clients");

  private ProducerSends() {}

  /** Null when not traced; else {record to send, callback to pass, the send}. */
  static Object[] start(KafkaProducer<?, ?> producer, ProducerRecord<?, ?> record, Callback callback) {
    if (record == null || LanternThread.isCurrent()) {
      return null;
    }
    String topic = record.topic();
    Context parent = Context.current();
    SpanBuilder builder =
        TRACER
            .spanBuilder("send " + topic)
            .setSpanKind(SpanKind.PRODUCER)
            .setParent(parent)
            .setAttribute(MessagingAttributes.SYSTEM, MessagingAttributes.KAFKA)
            .setAttribute(MessagingAttributes.OPERATION_NAME, "send")
            .setAttribute(MessagingAttributes.OPERATION_TYPE, "send")
            .setAttribute(MessagingAttributes.DESTINATION, topic);
    if (record.partition() != null) {
      builder.setAttribute(MessagingAttributes.PARTITION, String.valueOf(record.partition()));
    }
    String key = MessagingAttributes.shortStringKey(record.key());
    if (key != null) {
      builder.setAttribute(MessagingAttributes.MESSAGE_KEY, key);
    }
    if (record.value() == null) {
      builder.setAttribute(MessagingAttributes.TOMBSTONE, true);
    }
    String clientId = ClientIds.of(producer);
    if (clientId != null) {
      builder.setAttribute(MessagingAttributes.CLIENT_ID, clientId);
    }
    String correlationId = CorrelationId.fromContext(parent);
    if (correlationId != null) {
      builder.setAttribute(MessagingAttributes.CORRELATION_ID, correlationId);
    }
    Span span = builder.startSpan();
    ProducerSend send = new ProducerSend(span, parent, topic, System.nanoTime());
    ProducerRecord<?, ?> toSend = record;
    try {
      toSend = RecordHeadersWriter.inject(record, send.context());
    } catch (Throwable t) {
      // the record goes out as the application built it; the span is still recorded
    }
    send.makeCurrent();
    return new Object[] {toSend, new TracingCallback(callback, send), send};
  }

  static void end(Object[] state, Throwable error) {
    if (state == null) {
      return;
    }
    ProducerSend send = (ProducerSend) state[2];
    send.closeScope();
    if (error != null) {
      // send threw before the record was handed to the I/O thread: the callback never runs
      send.complete(null, error);
    }
  }
}
