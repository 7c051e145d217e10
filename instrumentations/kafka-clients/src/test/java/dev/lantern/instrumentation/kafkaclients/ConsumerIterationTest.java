package dev.lantern.instrumentation.kafkaclients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.correlation.CorrelationId;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the poll and iteration hooks do, without the agent: {@link ConsumerPolls#exit} with a real
 * (never connected) consumer and real poll results, then iteration through {@link
 * TracingIterator} as the woven {@code ConsumerRecords.iterator()} returns it.
 */
class ConsumerIterationTest {

  private static final String TRACE_A = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_A = "b7ad6b7169203331";
  private static final String TRACE_B = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_B = "00f067aa0ba902b7";

  private Properties config;
  private KafkaConsumer<String, String> consumer;

  @BeforeAll
  static void telemetry() {
    TestTelemetry.install();
  }

  @BeforeEach
  void consumer() {
    TestTelemetry.SPANS.reset();
    config = new Properties();
    config.put("bootstrap.servers", "127.0.0.1:9");
    config.put("group.id", "billing");
    config.put("enable.auto.commit", "false");
    config.put("key.deserializer", StringDeserializer.class.getName());
    config.put("value.deserializer", StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(config);
    ConsumerRegistry.created(consumer, config);
  }

  @AfterEach
  void close() {
    ProcessSpans.endCurrent();
    ConsumerRegistry.closed(consumer);
    consumer.close(Duration.ofMillis(100));
  }

  @Test
  void eachRecordTakenIsProcessedInItsProducersTraceWithItsCorrelationId() {
    ConsumerRecords<String, String> records =
        records(
            record(0, "traceparent", "00-" + TRACE_A + "-" + SPAN_A + "-01", "X-Correlation-ID", "order-1"),
            record(1, "traceparent", "00-" + TRACE_B + "-" + SPAN_B + "-01"),
            record(2));
    double consumedBefore = KafkaMetrics.CONSUMED_MESSAGES.get("kafka", "orders", "billing").get();
    ConsumerPolls.exit(consumer, records, null, ConsumerPolls.enter());

    SpanData poll = TestTelemetry.SPANS.getFinishedSpanItems().get(0);
    assertEquals("poll orders", poll.getName());
    assertEquals(SpanKind.CLIENT, poll.getKind());
    assertFalse(poll.getParentSpanContext().isValid(), "a batch of several traces has no single parent");
    assertEquals(
        Arrays.asList(SPAN_A, SPAN_B),
        poll.getLinks().stream().map(l -> l.getSpanContext().getSpanId()).collect(Collectors.toList()));
    assertEquals(3L, poll.getAttributes().get(MessagingAttributes.BATCH_COUNT));
    assertEquals("billing", poll.getAttributes().get(MessagingAttributes.CONSUMER_GROUP));

    Iterator<ConsumerRecord<String, String>> iterator = iterate(records);
    List<String> seen = new ArrayList<>();
    while (iterator.hasNext()) {
      ConsumerRecord<String, String> record = iterator.next();
      SpanContext current = Span.current().getSpanContext();
      seen.add(record.offset() + ":" + current.getTraceId() + ":" + CorrelationId.current());
    }
    assertFalse(Span.current().getSpanContext().isValid(), "nothing current after the loop");
    assertNull(CorrelationId.current());

    List<SpanData> process =
        TestTelemetry.SPANS.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("process orders"))
            .collect(Collectors.toList());
    assertEquals(3, process.size());
    assertEquals(SPAN_A, process.get(0).getParentSpanContext().getSpanId());
    assertEquals(TRACE_A, process.get(0).getTraceId());
    assertEquals("0:" + TRACE_A + ":order-1", seen.get(0));
    assertEquals(SPAN_B, process.get(1).getParentSpanContext().getSpanId());
    assertTrue(seen.get(1).startsWith("1:" + TRACE_B + ":"));
    assertFalse(process.get(2).getParentSpanContext().isValid(), "no producer context: a new trace");
    for (SpanData span : process) {
      assertEquals(SpanKind.CONSUMER, span.getKind());
      assertEquals(poll.getSpanId(), span.getLinks().get(0).getSpanContext().getSpanId());
      String correlationId = span.getAttributes().get(MessagingAttributes.CORRELATION_ID);
      assertNotNull(correlationId, "generated when the record has none");
      assertTrue(seen.get((int) (long) span.getAttributes().get(MessagingAttributes.OFFSET)).endsWith(":" + correlationId));
    }
    assertNotEquals(
        process.get(1).getAttributes().get(MessagingAttributes.CORRELATION_ID),
        process.get(2).getAttributes().get(MessagingAttributes.CORRELATION_ID));
    assertEquals(3.0, KafkaMetrics.CONSUMED_MESSAGES.get("kafka", "orders", "billing").get() - consumedBefore);

    // taken again, through the tracing iterator: no second span per record (wrap itself may hand
    // back the plain iterator by now, when no other records are tracked)
    TracingIterator.of(records.iterator()).forEachRemaining(r -> {});
    assertEquals(4, TestTelemetry.SPANS.getFinishedSpanItems().size());
  }

  @Test
  void theSpanOfTheLastRecordTakenEndsAtTheNextPollAndABatchOfOneTraceHangsUnderIt() {
    ConsumerRecords<String, String> records =
        records(
            record(0, "traceparent", "00-" + TRACE_A + "-" + SPAN_A + "-01"),
            record(1, "traceparent", "00-" + TRACE_A + "-" + SPAN_B + "-01"));
    ConsumerPolls.exit(consumer, records, null, ConsumerPolls.enter());
    SpanData poll = TestTelemetry.SPANS.getFinishedSpanItems().get(0);
    assertEquals(SPAN_A, poll.getParentSpanContext().getSpanId(), "one trace: under its first producer");
    assertEquals(SPAN_B, poll.getLinks().get(0).getSpanContext().getSpanId());

    Iterator<ConsumerRecord<String, String>> iterator = iterate(records);
    iterator.next();
    assertEquals(TRACE_A, Span.current().getSpanContext().getTraceId());
    assertEquals(1, TestTelemetry.SPANS.getFinishedSpanItems().size(), "still processing");
    ConsumerPolls.enter();
    assertEquals(2, TestTelemetry.SPANS.getFinishedSpanItems().size(), "poll ends it");
    assertFalse(Span.current().getSpanContext().isValid());
  }

  @Test
  void recordsNotFromAnInstrumentedPollGetNoSpans() {
    ConsumerRecords<String, String> records = records(record(0), record(1));
    Object iterator = TracingIterator.wrap(records, records.iterator());
    ((Iterator<?>) iterator).forEachRemaining(r -> assertFalse(Span.current().getSpanContext().isValid()));
    Object list = TracingList.wrap(records, records.records(new TopicPartition("orders", 0)));
    ((List<?>) list).forEach(r -> assertFalse(Span.current().getSpanContext().isValid()));
    assertTrue(TestTelemetry.SPANS.getFinishedSpanItems().isEmpty());
  }

  @Test
  void perPartitionListsAreTracedAndStayUnmodifiable() {
    ConsumerRecords<String, String> records = records(record(0), record(1));
    ConsumerPolls.exit(consumer, records, null, ConsumerPolls.enter());
    @SuppressWarnings("unchecked")
    List<ConsumerRecord<String, String>> list =
        (List<ConsumerRecord<String, String>>)
            TracingList.wrap(records, records.records(new TopicPartition("orders", 0)));
    assertEquals(2, list.size());
    assertEquals(1L, list.get(1).offset());
    for (ConsumerRecord<String, String> record : list) {
      assertTrue(Span.current().getSpanContext().isValid());
    }
    assertFalse(Span.current().getSpanContext().isValid());
    assertEquals(3, TestTelemetry.SPANS.getFinishedSpanItems().size());
    try {
      list.add(record(9));
      throw new AssertionError("modifiable");
    } catch (UnsupportedOperationException expected) {
      // as the library's own list
    }
  }

  @SuppressWarnings("unchecked")
  private static Iterator<ConsumerRecord<String, String>> iterate(ConsumerRecords<String, String> records) {
    Object wrapped = TracingIterator.wrap(records, records.iterator());
    assertTrue(wrapped instanceof TracingIterator);
    return (Iterator<ConsumerRecord<String, String>>) wrapped;
  }

  private static ConsumerRecords<String, String> records(ConsumerRecord<String, String>... records) {
    Map<TopicPartition, List<ConsumerRecord<String, String>>> map =
        Collections.singletonMap(new TopicPartition("orders", 0), Arrays.asList(records));
    return new ConsumerRecords<>(map);
  }

  private static ConsumerRecord<String, String> record(long offset, String... headers) {
    RecordHeaders recordHeaders = new RecordHeaders();
    for (int i = 0; i < headers.length; i += 2) {
      recordHeaders.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return new ConsumerRecord<>(
        "orders", 0, offset, 0L, TimestampType.CREATE_TIME, 0L, 1, 1, "key-" + offset, "v", recordHeaders);
  }
}
