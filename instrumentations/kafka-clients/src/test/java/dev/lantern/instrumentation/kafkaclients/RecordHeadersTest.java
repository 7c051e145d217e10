package dev.lantern.instrumentation.kafkaclients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.correlation.CorrelationId;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordHeadersTest {

  private static final SpanContext PRODUCER =
      SpanContext.create(
          "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

  @BeforeAll
  static void telemetry() {
    TestTelemetry.install();
  }

  private static Context sendContext() {
    return CorrelationId.storeIn(Context.root().with(Span.wrap(PRODUCER)), "order-7");
  }

  @Test
  void writesPropagationHeadersReplacingUpstreamValues() {
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", "k", "v");
    record.headers().add("traceparent", "00-stale".getBytes(StandardCharsets.UTF_8));
    record.headers().add("app", "kept".getBytes(StandardCharsets.UTF_8));

    assertSame(record, RecordHeadersWriter.inject(record, sendContext()));

    assertEquals(List.of("app", "traceparent", "X-Correlation-ID"), keys(record.headers()));
    assertEquals("00-" + PRODUCER.getTraceId() + "-" + PRODUCER.getSpanId() + "-01", value(record, "traceparent"));
    assertEquals("order-7", value(record, "X-Correlation-ID"));
  }

  @Test
  void aRecordWithReadOnlyHeadersIsCopiedNotFailed() {
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", 2, 99L, "k", "v");
    record.headers().add("app", "kept".getBytes(StandardCharsets.UTF_8));
    record.headers().add("traceparent", "00-first-send".getBytes(StandardCharsets.UTF_8));
    ((RecordHeaders) record.headers()).setReadOnly();

    ProducerRecord<?, ?> sent = RecordHeadersWriter.inject(record, sendContext());

    assertNotSame(record, sent);
    assertEquals("00-first-send", value(record, "traceparent"), "the application's record is untouched");
    assertEquals(List.of("app", "traceparent", "X-Correlation-ID"), keys(sent.headers()));
    assertTrue(value(sent, "traceparent").contains(PRODUCER.getSpanId()));
    assertEquals(record.topic(), sent.topic());
    assertEquals(record.partition(), sent.partition());
    assertEquals(record.timestamp(), sent.timestamp());
    assertEquals(record.key(), sent.key());
    assertEquals(record.value(), sent.value());
  }

  @Test
  void subclassesWithReadOnlyHeadersGoOutUnchanged() {
    ProducerRecord<String, String> record = new ProducerRecord<String, String>("orders", "k", "v") {};
    ((RecordHeaders) record.headers()).setReadOnly();
    assertSame(record, RecordHeadersWriter.inject(record, sendContext()));
    assertEquals(List.of(), keys(record.headers()));
  }

  @Test
  void readsTheLastValueAnyCaseAndIgnoresOversizedValues() {
    ConsumerRecord<String, String> record =
        new ConsumerRecord<>("orders", 0, 5L, 0L, TimestampType.CREATE_TIME, 0L, 1, 1, "k", "v");
    record.headers().add("X-Correlation-ID", "first".getBytes(StandardCharsets.UTF_8));
    record.headers().add("X-Correlation-ID", "second".getBytes(StandardCharsets.UTF_8));
    record.headers().add("x-request-id", "lower".getBytes(StandardCharsets.UTF_8));
    record.headers().add("baggage", new byte[RecordHeadersGetter.MAX_VALUE_BYTES + 1]);

    RecordHeadersGetter getter = RecordHeadersGetter.INSTANCE;
    assertEquals("second", getter.get(record, "X-Correlation-ID"));
    assertEquals("lower", getter.get(record, "X-Request-ID"));
    assertNull(getter.get(record, "baggage"));
    assertNull(getter.get(record, "traceparent"));
    assertEquals(List.of("X-Correlation-ID", "X-Correlation-ID", "x-request-id", "baggage"), getter.keys(record));
  }

  private static List<String> keys(Iterable<Header> headers) {
    List<String> keys = new ArrayList<>();
    headers.forEach(h -> keys.add(h.key()));
    return keys;
  }

  private static String value(ProducerRecord<?, ?> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
