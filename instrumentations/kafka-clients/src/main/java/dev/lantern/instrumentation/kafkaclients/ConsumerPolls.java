package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.CallDepth;
import dev.lantern.agent.api.LanternThread;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * What the poll advice does. On entry: the record the application was processing is done. On
 * exit with records: each record's producer context is extracted from its headers and kept for
 * its process span, one {@code poll} span (kind CLIENT, operation type receive) records the
 * batch, and the consumed-messages counter and poll duration are recorded. Empty polls record
 * nothing but may refresh the lag of paused partitions.
 *
 * <p>The poll span is a child of the producer span when every record of the batch comes from the
 * same trace; when the batch mixes traces (or has records without context) it starts from the
 * poller's context, and it links to each distinct producer span (up to {@value #MAX_LINKS}).
 */
final class ConsumerPolls {

  static final int MAX_LINKS = 128;
  private static final Tracer TRACER = AgentRuntime.tracer("kafka-clients");
  private static final TextMapPropagator PROPAGATOR = AgentRuntime.propagator();

  private ConsumerPolls() {}

  static long enter() {
    ProcessSpans.endCurrent();
    return System.nanoTime();
  }

  static void exit(
      KafkaConsumer<?, ?> consumer, ConsumerRecords<?, ?> records, Throwable error, long startNanos) {
    if (consumer == null || LanternThread.isCurrent()) {
      return;
    }
    long endNanos = System.nanoTime();
    ConsumerState state = ConsumerRegistry.stateOf(consumer);
    if (error != null) {
      if (!(error instanceof WakeupException)) {
        KafkaMetrics.OPERATIONS
            .get(
                MessagingAttributes.KAFKA,
                "poll",
                null,
                state.groupLabel(),
                MessagingAttributes.errorType(error))
            .observe((endNanos - startNanos) / 1e9);
      }
      return;
    }
    PausedLag.afterPoll(consumer, state);
    if (records == null || records.isEmpty()) {
      return;
    }
    received(consumer, state, records, startNanos, endNanos);
  }

  private static void received(
      KafkaConsumer<?, ?> consumer,
      ConsumerState state,
      ConsumerRecords<?, ?> records,
      long startNanos,
      long endNanos) {
    List<ConsumerRecord<?, ?>> list = new ArrayList<>(records.count());
    List<Context> contexts = new ArrayList<>(records.count());
    Map<String, int[]> perTopic = new LinkedHashMap<>(4);
    // our own iteration must not start process spans
    CallDepth suppress = ProcessSpans.suppression();
    suppress.getAndIncrement();
    try {
      for (ConsumerRecord<?, ?> record : records) {
        list.add(record);
        contexts.add(PROPAGATOR.extract(Context.root(), record, RecordHeadersGetter.INSTANCE));
        perTopic.computeIfAbsent(record.topic(), t -> new int[1])[0]++;
      }
    } finally {
      suppress.decrementAndGet();
    }
    String group = state.groupLabel();
    String singleTopic = perTopic.size() == 1 ? perTopic.keySet().iterator().next() : null;

    Span receive = startReceiveSpan(consumer, state, contexts, singleTopic, list.size(), startNanos, endNanos);
    SpanContext receiveContext = receive.getSpanContext();
    for (int i = 0; i < list.size(); i++) {
      ProcessSpans.RECEIVED.put(list.get(i), new ReceivedRecord(contexts.get(i), receiveContext, state));
    }
    for (Map.Entry<String, int[]> topic : perTopic.entrySet()) {
      state.noteTopic(topic.getKey());
      KafkaMetrics.CONSUMED_MESSAGES
          .get(MessagingAttributes.KAFKA, topic.getKey(), group)
          .inc(topic.getValue()[0]);
    }
    KafkaMetrics.OPERATIONS
        .get(MessagingAttributes.KAFKA, "poll", singleTopic, group, null)
        .observe((endNanos - startNanos) / 1e9);
  }

  private static Span startReceiveSpan(
      KafkaConsumer<?, ?> consumer,
      ConsumerState state,
      List<Context> contexts,
      String singleTopic,
      int count,
      long startNanos,
      long endNanos) {
    Set<SpanContext> producers = new LinkedHashSet<>();
    boolean oneTrace = true;
    for (Context context : contexts) {
      SpanContext producer = Span.fromContext(context).getSpanContext();
      if (!producer.isValid()) {
        oneTrace = false;
        continue;
      }
      if (!producers.isEmpty()
          && !producers.iterator().next().getTraceId().equals(producer.getTraceId())) {
        oneTrace = false;
      }
      if (producers.size() < MAX_LINKS + 1) {
        producers.add(producer);
      }
    }
    SpanContext parentSpan = oneTrace && !producers.isEmpty() ? producers.iterator().next() : null;
    Context parent = parentSpan != null ? Context.root().with(Span.wrap(parentSpan)) : Context.current();

    long nowEpochNanos = epochNanos(Instant.now());
    SpanBuilder builder =
        TRACER
            .spanBuilder(singleTopic == null ? "poll" : "poll " + singleTopic)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            .setStartTimestamp(nowEpochNanos - (endNanos - startNanos), TimeUnit.NANOSECONDS)
            .setAttribute(MessagingAttributes.SYSTEM, MessagingAttributes.KAFKA)
            .setAttribute(MessagingAttributes.OPERATION_NAME, "poll")
            .setAttribute(MessagingAttributes.OPERATION_TYPE, "receive")
            .setAttribute(MessagingAttributes.BATCH_COUNT, (long) count);
    if (singleTopic != null) {
      builder.setAttribute(MessagingAttributes.DESTINATION, singleTopic);
    }
    if (state.groupId != null) {
      builder.setAttribute(MessagingAttributes.CONSUMER_GROUP, state.groupId);
    }
    String clientId = ClientIds.of(consumer);
    if (clientId != null) {
      builder.setAttribute(MessagingAttributes.CLIENT_ID, clientId);
    }
    int links = 0;
    for (SpanContext producer : producers) {
      if (!producer.equals(parentSpan) && links < MAX_LINKS) {
        builder.addLink(producer);
        links++;
      }
    }
    Span span = builder.startSpan();
    span.end(nowEpochNanos, TimeUnit.NANOSECONDS);
    return span;
  }

  private static long epochNanos(Instant instant) {
    return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
  }
}
