package dev.lantern.testapps.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import dev.lantern.testing.kafka.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An HTTP request enters the ingress (JVM 1), is published to Kafka, processed by the processor
 * (JVM 2), which calls a downstream HTTP service: one trace from the request to the downstream
 * call, the correlation ID in the processor's log lines and on the downstream request, and the
 * producer and consumer metrics. For kafka-clients 3.9 and 4.1 (and 2.8, the oldest line a 4.x
 * broker serves), for each way of taking records from a poll result, and for a Spring Kafka record
 * listener (the container's own loop over the poll result).
 */
class KafkaTraceIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.builder().autoCreateTopics(false).start();
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @ParameterizedTest(name = "kafka-clients {0}, iteration {1}")
  @CsvSource({
    "3.9.1, records",
    "4.1.1, records",
    "4.1.1, partitions",
    "3.9.1, topic",
    "4.1.1, iterator",
    "2.8.2, records",
    "4.1.1, spring"
  })
  void oneTraceFromTheHttpRequestThroughKafkaToTheDownstreamCall(String version, String iteration)
      throws Exception {
    String suffix = version.replace('.', '-') + "-" + iteration;
    String topic = "orders." + suffix;
    String group = "processor-" + suffix;
    String correlationId = "order-flow-" + suffix;
    kafka.createTopic(topic, 1);
    try (OtlpReceiver otlp = OtlpReceiver.start();
        Downstream downstream = new Downstream();
        AgentApp processor =
            KafkaApps.processor(
                    otlp, version, kafka.bootstrapServers(), topic, group, downstream.url(), iteration.equals("spring"))
                .sysProp("app.iteration", iteration)
                .start();
        AgentApp ingress = KafkaApps.ingress(otlp, version, kafka.bootstrapServers()).start()) {
      assertEquals("CLIENT_VERSION " + version, ingress.jvm().awaitLine(Pattern.compile("CLIENT_VERSION .*"), WAIT));
      assertEquals("CLIENT_VERSION " + version, processor.jvm().awaitLine(Pattern.compile("CLIENT_VERSION .*"), WAIT));

      HttpResult published =
          Http.get(
                  ingress.url("/publish?topic=" + topic + "&key=order-42"),
                  Map.of("X-Correlation-ID", correlationId))
              .requireStatus(200);
      assertTrue(published.body().startsWith("offset=0 partition=0 callbacks=1"), published.body());

      List<ReceivedSpan> spans =
          otlp.awaitSpans(
              // the two JVMs export on their own schedules: wait for the spans of both
              s -> Spans.has(s, "processor", "GET")
                  && Spans.has(s, "processor", "process " + topic)
                  && Spans.has(s, "ingress", "GET /publish")
                  && Spans.has(s, "ingress", "send " + topic),
              WAIT);
      ReceivedSpan server = Spans.only(spans, "ingress", "GET /publish");
      ReceivedSpan send = Spans.only(spans, "ingress", "send " + topic);
      ReceivedSpan poll = Spans.only(spans, "processor", "poll " + topic);
      ReceivedSpan process = Spans.only(spans, "processor", "process " + topic);
      ReceivedSpan call = Spans.only(spans, "processor", "GET");

      // one trace: server -> send -> (poll, process) -> downstream call
      String traceId = server.traceId();
      for (ReceivedSpan span : List.of(send, poll, process, call)) {
        assertEquals(traceId, span.traceId(), span.toString());
      }
      assertEquals(server.spanId(), send.parentSpanId());
      assertEquals(send.spanId(), process.parentSpanId());
      assertEquals(send.spanId(), poll.parentSpanId(), "a batch of one trace hangs under its producer");
      assertEquals(process.spanId(), call.parentSpanId());
      assertTrue(
          process.links().stream().anyMatch(l -> l.spanId().equals(poll.spanId())),
          "process links to its poll: " + process.links());

      assertEquals("PRODUCER", send.kind());
      assertEquals("CLIENT", poll.kind());
      assertEquals("CONSUMER", process.kind());
      assertEquals("kafka", send.attr("messaging.system"));
      assertEquals("send", send.attr("messaging.operation.name"));
      assertEquals(topic, send.attr("messaging.destination.name"));
      assertEquals("0", send.attr("messaging.destination.partition.id"));
      assertEquals(0L, send.longAttr("messaging.kafka.offset"));
      assertEquals("order-42", send.attr("messaging.kafka.message.key"));
      assertEquals("ingress-producer", send.attr("messaging.client.id"));
      assertEquals(correlationId, send.attr("lantern.correlation_id"));
      assertEquals("receive", poll.attr("messaging.operation.type"));
      assertEquals(1L, poll.longAttr("messaging.batch.message_count"));
      assertEquals(group, poll.attr("messaging.consumer.group.name"));
      assertNotNull(poll.attr("messaging.client.id"));
      assertEquals("process", process.attr("messaging.operation.name"));
      assertEquals(topic, process.attr("messaging.destination.name"));
      assertEquals(group, process.attr("messaging.consumer.group.name"));
      assertEquals("0", process.attr("messaging.destination.partition.id"));
      assertEquals(0L, process.longAttr("messaging.kafka.offset"));
      assertEquals("order-42", process.attr("messaging.kafka.message.key"));
      assertEquals(correlationId, process.attr("lantern.correlation_id"));

      // the downstream request carries the trace and the correlation ID
      Downstream.Request request = Await.until("the downstream request", () -> downstream.requests(), r -> !r.isEmpty(), WAIT).get(0);
      assertEquals("key=order-42", request.query());
      assertTrue(
          request.traceparent().startsWith("00-" + traceId + "-" + call.spanId() + "-"),
          request.traceparent());
      assertEquals(correlationId, request.correlationId());
      assertTrue(request.baggage().contains("correlation_id=" + correlationId), request.baggage());

      // the processor's log lines while processing carry the record's trace and correlation ID
      String processing =
          processor.jvm().awaitLine(logLine(correlationId, "processing key=order-42 partition=0 offset=0"), WAIT);
      assertTrue(processing.contains("trace_id=" + traceId + " span_id=" + process.spanId()), processing);
      processor.jvm().awaitLine(logLine(correlationId, "processed key=order-42 status=200"), WAIT);
      // the application's callback runs with the sender's context current
      String acked = ingress.jvm().awaitLine(logLine(correlationId, "acked key=order-42 partition=0 offset=0"), WAIT);
      assertTrue(acked.contains("trace_id=" + traceId + " span_id=" + server.spanId()), acked);

      PrometheusScrape ingressMetrics = ingress.scrape();
      assertEquals(1.0, ingressMetrics.value("lantern_dependency_up", Map.of("dependency_kind", "kafka", "dependency", topic)),
          "the topic sent to is a dependency");
      assertEquals(
          1.0,
          ingressMetrics.value(
              "messaging_client_sent_messages_total",
              Map.of("messaging_system", "kafka", "messaging_destination_name", topic, "error_type", "")));
      assertEquals(
          1.0,
          ingressMetrics.value(
              "messaging_client_operation_duration_seconds_count",
              Map.of("messaging_operation_name", "send", "messaging_destination_name", topic, "error_type", "")));
      PrometheusScrape processorMetrics = processor.scrape();
      assertEquals(
          1.0,
          processorMetrics.value(
              "messaging_client_consumed_messages_total",
              Map.of("messaging_system", "kafka", "messaging_destination_name", topic, "messaging_consumer_group_name", group)));
      assertEquals(
          1.0,
          processorMetrics.value(
              "messaging_client_operation_duration_seconds_count",
              Map.of("messaging_operation_name", "poll", "messaging_destination_name", topic, "messaging_consumer_group_name", group)));
      Await.until(
          "the process duration of the record",
          () -> processor.scrape().value(
              "messaging_process_duration_seconds_count",
              Map.of("messaging_destination_name", topic, "messaging_consumer_group_name", group)),
          v -> v == 1.0,
          WAIT);
      Await.until(
          "lag 0 for the processed partition",
          () -> processor.scrape().value(
              "messaging_kafka_consumer_lag",
              Map.of("messaging_destination_name", topic, "messaging_destination_partition_id", "0", "messaging_consumer_group_name", group)),
          v -> v == 0.0,
          WAIT);

      for (AgentApp app : List.of(ingress, processor)) {
        assertTrue(app.agentWarnings().isEmpty(), app.agentWarnings().toString());
        assertEquals(
            0.0,
            app.scrape().sum("lantern_agent_advice_errors_total", Map.of("instrumentation", "kafka-clients")),
            "advice errors in " + app.jvm().name());
      }
    }
  }

  static Pattern logLine(String correlationId, String message) {
    return Pattern.compile(
        "^LOG level=\\w+ .*correlation_id=" + Pattern.quote(correlationId) + " msg=" + Pattern.quote(message) + "$");
  }
}
