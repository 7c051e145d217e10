package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.CallDepth;
import dev.lantern.agent.api.WeakStore;
import dev.lantern.agent.api.correlation.CorrelationId;
import dev.lantern.agent.api.correlation.CorrelationSettings;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The CONSUMER {@code process} span of each record, from the moment the application takes the
 * record from a poll result (iterator {@code next()}) until it asks for the next one ({@code
 * hasNext()} or {@code next()}), polls again or closes the consumer. While it is open its context
 * is current on that thread: the producer's trace, the baggage and the correlation ID (generated
 * when the record carries none), so log lines and outgoing calls made while processing the record
 * belong to it.
 *
 * <p>One record gets one process span: the first time it is taken. A span is open on at most one
 * record per thread; work handed to another thread is not part of it.
 */
final class ProcessSpans {

  /** Records of instrumented polls not yet taken by the application. */
  static final WeakStore<ConsumerRecord<?, ?>, ReceivedRecord> RECEIVED = new WeakStore<>();

  private static final Tracer TRACER = AgentRuntime.tracer("kafka-clients");
  private static final ThreadLocal<OpenProcess> OPEN = new ThreadLocal<>();

  private ProcessSpans() {}

  /** Incremented while the agent itself iterates poll results: no wrapping, no spans. */
  static CallDepth suppression() {
    return CallDepth.forClass(ProcessSpans.class);
  }

  /** Whether a poll result is worth wrapping: records are waiting and the agent is not iterating. */
  static boolean tracking() {
    if (RECEIVED.size() == 0) {
      return false;
    }
    // CallDepth has no plain read: peek by incrementing and undoing
    CallDepth depth = suppression();
    boolean agentIterating = depth.getAndIncrement() > 0;
    depth.decrementAndGet();
    return !agentIterating;
  }

  static void start(ConsumerRecord<?, ?> record) {
    ReceivedRecord received = RECEIVED.remove(record);
    if (received == null) {
      return;
    }
    endCurrent();
    long startNanos = System.nanoTime();
    Context extracted = received.producerContext;
    Context parent;
    if (Span.fromContext(extracted).getSpanContext().isValid()) {
      parent = extracted;
    } else {
      parent = Context.current();
      Baggage baggage = Baggage.fromContext(extracted);
      if (!baggage.isEmpty()) {
        parent = parent.with(baggage);
      }
    }
    String correlationId = CorrelationId.fromContext(extracted);
    if (correlationId == null) {
      correlationId = CorrelationId.fromContext(parent);
    }
    if (correlationId == null) {
      correlationId = CorrelationId.generate();
    }
    parent = CorrelationId.storeIn(parent, correlationId);
    if (AgentRuntime.correlation().baggage()) {
      Baggage baggage = Baggage.fromContext(parent);
      if (!correlationId.equals(baggage.getEntryValue(CorrelationSettings.BAGGAGE_KEY))) {
        parent =
            parent.with(
                baggage.toBuilder().put(CorrelationSettings.BAGGAGE_KEY, correlationId).build());
      }
    }

    ConsumerState consumer = received.consumer;
    String topic = record.topic();
    SpanBuilder builder =
        TRACER
            .spanBuilder("process " + topic)
            .setSpanKind(SpanKind.CONSUMER)
            .setParent(parent)
            .setAttribute(MessagingAttributes.SYSTEM, MessagingAttributes.KAFKA)
            .setAttribute(MessagingAttributes.OPERATION_NAME, "process")
            .setAttribute(MessagingAttributes.OPERATION_TYPE, "process")
            .setAttribute(MessagingAttributes.DESTINATION, topic)
            .setAttribute(MessagingAttributes.PARTITION, String.valueOf(record.partition()))
            .setAttribute(MessagingAttributes.OFFSET, record.offset())
            .setAttribute(MessagingAttributes.CORRELATION_ID, correlationId);
    if (consumer.groupId != null) {
      builder.setAttribute(MessagingAttributes.CONSUMER_GROUP, consumer.groupId);
    }
    String key = MessagingAttributes.shortStringKey(record.key());
    if (key != null) {
      builder.setAttribute(MessagingAttributes.MESSAGE_KEY, key);
    }
    if (record.value() == null) {
      builder.setAttribute(MessagingAttributes.TOMBSTONE, true);
    }
    if (received.receiveSpan.isValid()) {
      builder.addLink(received.receiveSpan);
    }
    Span span = builder.startSpan();
    Scope scope = parent.with(span).makeCurrent();
    OPEN.set(new OpenProcess(span, scope, startNanos, topic, consumer.groupLabel()));
  }

  /** Ends the process span open on this thread, if any. */
  static void endCurrent() {
    OpenProcess open = OPEN.get();
    if (open == null) {
      return;
    }
    OPEN.set(null);
    open.scope.close();
    open.span.end();
    KafkaMetrics.PROCESSING
        .get(MessagingAttributes.KAFKA, open.topic, open.group)
        .observe((System.nanoTime() - open.startNanos) / 1e9);
  }

  private static final class OpenProcess {
    final Span span;
    final Scope scope;
    final long startNanos;
    final String topic;
    final String group;

    OpenProcess(Span span, Scope scope, long startNanos, String topic, String group) {
      this.span = span;
      this.scope = scope;
      this.startNanos = startNanos;
      this.topic = topic;
      this.group = group;
    }
  }
}
