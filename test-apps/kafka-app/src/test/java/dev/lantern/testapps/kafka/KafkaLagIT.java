package dev.lantern.testapps.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import dev.lantern.testing.kafka.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code messaging_kafka_consumer_lag} grows while the processor's consumer is paused and drains
 * back to 0 when it resumes, and agrees with the Admin-based figure {@code kafka-consumer-groups}
 * reports; with the classic consumer and with 4.x's new consumer protocol ({@code
 * AsyncKafkaConsumer} behind {@code KafkaConsumer}). The batch polled after the pause mixes traces: its poll span is a root linking to every
 * producer span, and each record's process span is still a child of its own producer span.
 */
class KafkaLagIT {

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

  /**
   * {@code readyDelayMs} holds the agent's weaving back (a test-only key) so that the consumer is
   * built before it is ready: its group then comes from the consumer at its first seen poll.
   */
  @ParameterizedTest(name = "kafka-clients {0}, group protocol {1}, weaving ready after {2} ms")
  @CsvSource({"3.9.1, classic, 2000", "4.1.1, classic, 0", "4.1.1, consumer, 0"})
  void lagGrowsWhilePausedAndDrainsBackToZero(String version, String protocol, long readyDelayMs)
      throws Exception {
    String suffix = version.replace('.', '-') + "-" + protocol;
    String topic = "lag.orders-" + suffix;
    String group = "lag-processor-" + suffix;
    kafka.createTopic(topic, 2);
    try (OtlpReceiver otlp = OtlpReceiver.start();
        Downstream downstream = new Downstream();
        AgentApp processor =
            KafkaApps.processor(otlp, version, kafka.bootstrapServers(), topic, group, downstream.url())
                .sysProp("lantern.instrumentation.kafka-clients.paused-lag-refresh-ms", "200")
                .sysProp("app.groupProtocol", protocol.equals("classic") ? null : protocol)
                .sysProp("lantern.testing.ready-delay-ms", readyDelayMs > 0 ? "" + readyDelayMs : null)
                .start();
        AgentApp ingress = KafkaApps.ingress(otlp, version, kafka.bootstrapServers()).start()) {
      publish(ingress, topic, 0, "warm-0");
      publish(ingress, topic, 1, "warm-1");
      awaitState(processor, "processed=2");
      awaitLag(processor, topic, group, 0, 0);
      assertEquals(lag(topic, 0, 0), kafka.consumerGroupLag(group));

      Http.get(processor.url("/pause")).requireStatus(200);
      awaitState(processor, "paused=true");
      otlp.clear();
      for (int i = 0; i < 3; i++) {
        publish(ingress, topic, 0, "p0-" + i);
      }
      for (int i = 0; i < 2; i++) {
        publish(ingress, topic, 1, "p1-" + i);
      }
      awaitLag(processor, topic, group, 3, 2);
      assertEquals(lag(topic, 3, 2), kafka.consumerGroupLag(group));
      assertTrue(processor.jvm().stdout().stream().noneMatch(l -> l.contains("processing key=p")));

      Http.get(processor.url("/resume")).requireStatus(200);
      awaitState(processor, "processed=7");
      awaitLag(processor, topic, group, 0, 0);
      Await.until("committed offsets", () -> kafka.consumerGroupLag(group), l -> l.equals(lag(topic, 0, 0)), WAIT);

      List<ReceivedSpan> spans = otlp.awaitSpans(s -> afterPause(s, topic).size() == 5, WAIT);
      List<ReceivedSpan> sends = Spans.all(spans, "ingress", "send " + topic);
      for (ReceivedSpan process : afterPause(spans, topic)) {
        assertTrue(
            sends.stream().anyMatch(s -> s.spanId().equals(process.parentSpanId()) && s.traceId().equals(process.traceId())),
            "process span under its producer span: " + process);
      }
      List<ReceivedSpan> mixedBatches =
          Spans.all(spans, "processor", "poll " + topic).stream()
              .filter(p -> p.longAttr("messaging.batch.message_count") > 1)
              .toList();
      assertFalse(mixedBatches.isEmpty(), "the records waiting after the pause come in one batch: " + spans);
      for (ReceivedSpan poll : mixedBatches) {
        assertTrue(poll.isRoot(), "a batch of several traces has no single parent: " + poll);
        assertEquals(poll.longAttr("messaging.batch.message_count").intValue(), poll.links().size());
        for (ReceivedSpan.Link link : poll.links()) {
          assertTrue(sends.stream().anyMatch(s -> s.spanId().equals(link.spanId())), "link to a producer span: " + link);
        }
      }
    }
  }

  /** Process spans of the records published while the consumer was paused (keys p0-*, p1-*). */
  private static List<ReceivedSpan> afterPause(List<ReceivedSpan> spans, String topic) {
    return Spans.all(spans, "processor", "process " + topic).stream()
        .filter(s -> String.valueOf(s.attr("messaging.kafka.message.key")).startsWith("p"))
        .toList();
  }

  private static void publish(AgentApp ingress, String topic, int partition, String key) {
    Http.get(ingress.url("/publish?topic=" + topic + "&partition=" + partition + "&key=" + key))
        .requireStatus(200);
  }

  private static void awaitState(AgentApp processor, String expected) {
    Await.until(
        "processor state " + expected,
        () -> Http.get(processor.url("/state")).body(),
        body -> body.contains(expected),
        WAIT);
  }

  private static void awaitLag(AgentApp processor, String topic, String group, long p0, long p1) {
    Await.until(
        "lag " + p0 + "/" + p1,
        () -> {
          PrometheusScrape scrape = processor.scrape();
          return List.of(gauge(scrape, topic, group, "0"), gauge(scrape, topic, group, "1"));
        },
        values -> values.equals(List.of((double) p0, (double) p1)),
        WAIT);
  }

  private static double gauge(PrometheusScrape scrape, String topic, String group, String partition) {
    return scrape.value(
        "messaging_kafka_consumer_lag",
        Map.of(
            "messaging_destination_name", topic,
            "messaging_destination_partition_id", partition,
            "messaging_consumer_group_name", group));
  }

  private static Map<TopicPartition, Long> lag(String topic, long p0, long p1) {
    return Map.of(new TopicPartition(topic, 0), p0, new TopicPartition(topic, 1), p1);
  }
}
