package dev.lantern.testapps.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.ReceivedSpan;
import dev.lantern.testing.kafka.EmbeddedKafka;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The awkward paths. Producer: a send to a topic that does not exist (auto-creation off) fails
 * after max.block.ms, which the span and the failure counter record while the application's
 * callback is still called once; a record sent twice (read-only headers the second time) is sent
 * without an exception, each send with its own trace context; a send without a callback is traced.
 * Consumer: a poll that fails (a record the deserializer refuses) is counted by error type, and the
 * records after it are traced as usual.
 */
class KafkaErrorsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TIMEOUT = "org.apache.kafka.common.errors.TimeoutException";
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

  @ParameterizedTest(name = "kafka-clients {0}")
  @ValueSource(strings = {KafkaApps.V3, KafkaApps.V4})
  void failedSendsReadOnlyHeadersAndMissingCallbacks(String version) {
    String suffix = version.replace('.', '-');
    String missing = "missing-" + suffix;
    String twice = "twice-" + suffix;
    kafka.createTopic(twice, 1);
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp ingress =
            KafkaApps.ingress(otlp, version, kafka.bootstrapServers())
                .sysProp("app.maxBlockMs", "1500")
                .start()) {
      HttpResult failed =
          Http.get(ingress.url("/publish?topic=" + missing + "&key=lost"), Map.of("X-Correlation-ID", "lost-" + suffix));
      assertEquals(500, failed.status());
      assertEquals("error=" + TIMEOUT + " callbacks=1", failed.body());
      ReceivedSpan failedSend = otlp.awaitSpanNamed("send " + missing, WAIT);
      assertEquals("ERROR", failedSend.statusCode());
      assertEquals(TIMEOUT, failedSend.attr("error.type"));
      assertTrue(failedSend.events().stream().anyMatch(e -> e.name().equals("exception")), failedSend.toString());
      assertNull(failedSend.longAttr("messaging.kafka.offset"));
      ingress.jvm().awaitLine(
          Pattern.compile(".*correlation_id=" + Pattern.quote("lost-" + suffix) + " msg=send failed key=lost error=" + Pattern.quote(TIMEOUT) + "$"),
          WAIT);
      assertEquals(
          1.0,
          ingress.scrape().value(
              "messaging_client_sent_messages_total",
              Map.of("messaging_destination_name", missing, "error_type", TIMEOUT)));
      assertEquals(
          1.0,
          ingress.scrape().value(
              "messaging_client_operation_duration_seconds_count",
              Map.of("messaging_operation_name", "send", "messaging_destination_name", missing, "error_type", TIMEOUT)));

      otlp.clear();
      HttpResult resent = Http.get(ingress.url("/publish-twice?topic=" + twice + "&key=again")).requireStatus(200);
      assertEquals("offsets=0,1 callbacks=2", resent.body());
      List<ReceivedSpan> sends =
          otlp.awaitSpans(s -> Spans.all(s, "ingress", "send " + twice).size() == 2, WAIT).stream()
              .filter(Spans.of("ingress", "send " + twice))
              .sorted(Comparator.comparing(s -> s.longAttr("messaging.kafka.offset")))
              .toList();
      List<ConsumerRecord<String, String>> records = TopicReader.read(kafka.bootstrapServers(), twice, 2);
      assertEquals(2, records.size());
      for (int i = 0; i < 2; i++) {
        String traceparent = TopicReader.header(records.get(i), "traceparent");
        assertTrue(
            traceparent.startsWith("00-" + sends.get(i).traceId() + "-" + sends.get(i).spanId() + "-"),
            "record " + i + " carries its own send's context: " + traceparent);
        assertEquals(
            Set.of("traceparent", "baggage", "X-Correlation-ID"), TopicReader.headers(records.get(i)).keySet());
        assertEquals(3, records.get(i).headers().toArray().length, "no duplicates of the first send's headers");
      }

      HttpResult noCallback =
          Http.get(ingress.url("/publish?topic=" + twice + "&key=quiet&callback=false")).requireStatus(200);
      assertEquals("offset=2 partition=0 callbacks=0", noCallback.body());
      ReceivedSpan quiet = otlp.awaitSpan(s -> Spans.of("ingress", "send " + twice).test(s) && Long.valueOf(2).equals(s.longAttr("messaging.kafka.offset")), WAIT);
      assertEquals("quiet", quiet.attr("messaging.kafka.message.key"));

      assertEquals("sends=4 callbacks=3", Http.get(ingress.url("/stats")).body());
      assertTrue(ingress.agentWarnings().isEmpty(), ingress.agentWarnings().toString());
      assertEquals(0.0, ingress.scrape().sum("lantern_agent_advice_errors_total", Map.of()));
    }
  }
  @ParameterizedTest(name = "kafka-clients {0}")
  @ValueSource(strings = {KafkaApps.V3, KafkaApps.V4})
  void aFailedPollIsCountedByErrorType(String version) throws Exception {
    String suffix = version.replace('.', '-');
    String topic = "poison-" + suffix;
    String group = "poison-processor-" + suffix;
    String refused = "org.apache.kafka.common.errors.RecordDeserializationException";
    kafka.createTopic(topic, 1);
    try (OtlpReceiver otlp = OtlpReceiver.start();
        Downstream downstream = new Downstream();
        AgentApp processor =
            KafkaApps.processor(otlp, version, kafka.bootstrapServers(), topic, group, downstream.url()).start();
        AgentApp ingress = KafkaApps.ingress(otlp, version, kafka.bootstrapServers()).start()) {
      Http.get(ingress.url("/publish?topic=" + topic + "&key=poison")).requireStatus(200);
      Http.get(ingress.url("/publish?topic=" + topic + "&key=after"), Map.of("X-Correlation-ID", "after-" + suffix))
          .requireStatus(200);
      processor.jvm().awaitLine(Pattern.compile(".*msg=skipping an undeserializable record partition=0 offset=0$"), WAIT);
      processor.jvm().awaitLine(
          Pattern.compile(".*correlation_id=" + Pattern.quote("after-" + suffix) + " msg=processing key=after partition=0 offset=1$"),
          WAIT);
      assertEquals(
          1.0,
          processor.scrape().value(
              "messaging_client_operation_duration_seconds_count",
              Map.of("messaging_operation_name", "poll", "messaging_consumer_group_name", group, "error_type", refused)));
      assertEquals(
          1.0,
          processor.scrape().value(
              "messaging_client_consumed_messages_total",
              Map.of("messaging_destination_name", topic, "messaging_consumer_group_name", group)));
      ReceivedSpan process = otlp.awaitSpanNamed("process " + topic, WAIT);
      assertEquals("after", process.attr("messaging.kafka.message.key"));
      assertEquals(0.0, processor.scrape().sum("lantern_agent_advice_errors_total", Map.of()));
    }
  }
}
