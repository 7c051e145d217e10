package dev.lantern.instrumentation.kafkaclients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.correlation.CorrelationId;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TracingCallbackTest {

  @BeforeAll
  static void telemetry() {
    TestTelemetry.install();
  }

  @BeforeEach
  void clear() {
    TestTelemetry.SPANS.reset();
  }

  private static ProducerSend send(Context parent) {
    Span span = AgentRuntime.tracer("kafka-clients").spanBuilder("send orders").setParent(parent).startSpan();
    return new ProducerSend(span, parent, "orders", System.nanoTime());
  }

  @Test
  void callsTheApplicationsCallbackOnceWithTheSendersContextAndEndsTheSpan() {
    Context parent = CorrelationId.storeIn(Context.root(), "order-1");
    ProducerSend send = send(parent);
    List<String> seen = new ArrayList<>();
    RecordMetadata metadata = new RecordMetadata(new TopicPartition("orders", 3), 40L, 2L, 0L, 0L, 1, 1);
    TracingCallback callback =
        new TracingCallback(
            (m, e) -> {
              assertSame(metadata, m);
              seen.add(CorrelationId.current());
            },
            send);

    callback.onCompletion(metadata, null);

    assertEquals(List.of("order-1"), seen);
    SpanData span = TestTelemetry.SPANS.getFinishedSpanItems().get(0);
    assertEquals("3", span.getAttributes().get(MessagingAttributes.PARTITION));
    assertEquals(42L, span.getAttributes().get(MessagingAttributes.OFFSET));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());

    send.complete(metadata, new IllegalStateException("late"));
    assertEquals(1, TestTelemetry.SPANS.getFinishedSpanItems().size(), "ended once");
  }

  @Test
  void aFailureIsRecordedAndANullCallbackIsFine() {
    ProducerSend send = send(Context.root());
    new TracingCallback(null, send).onCompletion(null, new org.apache.kafka.common.errors.TimeoutException("no topic"));

    SpanData span = TestTelemetry.SPANS.getFinishedSpanItems().get(0);
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals(
        "org.apache.kafka.common.errors.TimeoutException",
        span.getAttributes().get(MessagingAttributes.ERROR_TYPE));
    assertEquals("exception", span.getEvents().get(0).getName());
  }

  @Test
  void metadataWithoutAPartitionStillEndsTheSpanAndTheApplicationsExceptionPropagates() {
    ProducerSend send = send(Context.root());
    RecordMetadata noPartition = new RecordMetadata(null, -1L, -1L, -1L, -1L, -1, -1);
    TracingCallback callback =
        new TracingCallback(
            (m, e) -> {
              throw new IllegalArgumentException("the application's own bug");
            },
            send);

    assertThrows(IllegalArgumentException.class, () -> callback.onCompletion(noPartition, new RuntimeException("x")));
    assertEquals(1, TestTelemetry.SPANS.getFinishedSpanItems().size());
  }
}
