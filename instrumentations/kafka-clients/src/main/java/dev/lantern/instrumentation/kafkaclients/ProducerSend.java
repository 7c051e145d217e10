package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.health.DependencyHealth;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.RecordMetadata;

/** One traced send: its span, the caller's context, and the metrics recorded when it ends. */
final class ProducerSend {

  private final Span span;
  private final Context parent;
  private final Context context;
  private final String topic;
  private final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();
  private Scope scope;

  ProducerSend(Span span, Context parent, String topic, long startNanos) {
    this.span = span;
    this.parent = parent;
    this.context = parent.with(span);
    this.topic = topic;
    this.startNanos = startNanos;
  }

  Context context() {
    return context;
  }

  /** The caller's context, current again while the application's callback runs. */
  Context parent() {
    return parent;
  }

  Span span() {
    return span;
  }

  void makeCurrent() {
    scope = context.makeCurrent();
  }

  /** Restores the caller's context; on the sending thread, at method exit. */
  void closeScope() {
    Scope s = scope;
    if (s != null) {
      scope = null;
      s.close();
    }
  }

  /** Ends the span and records the metrics, once; later calls are ignored. */
  void complete(RecordMetadata metadata, Throwable error) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    if (metadata != null) {
      try {
        if (metadata.partition() >= 0) {
          span.setAttribute(MessagingAttributes.PARTITION, String.valueOf(metadata.partition()));
        }
        if (error == null && metadata.offset() >= 0) {
          span.setAttribute(MessagingAttributes.OFFSET, metadata.offset());
        }
      } catch (RuntimeException e) {
        // failed sends may carry metadata without a partition (2.x passes null, some versions
        // a metadata whose partition() throws): the span ends without it
      }
    }
    String errorType = MessagingAttributes.errorType(error);
    if (error != null) {
      span.recordException(error);
      span.setStatus(
          StatusCode.ERROR, MessagingAttributes.truncate(String.valueOf(error.getMessage()), 256));
      span.setAttribute(MessagingAttributes.ERROR_TYPE, errorType);
    }
    span.end();
    long nanos = System.nanoTime() - startNanos;
    double seconds = nanos / 1e9;
    DependencyHealth.record("kafka", topic, nanos, error != null);
    KafkaMetrics.SENT_MESSAGES.get(MessagingAttributes.KAFKA, topic, errorType).inc();
    KafkaMetrics.OPERATIONS.get(MessagingAttributes.KAFKA, "send", topic, null, errorType).observe(seconds);
  }
}
