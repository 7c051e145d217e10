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
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code lantern.instrumentation.kafka-clients.enabled=false}: records leave without added
 * headers, no Kafka span, metric or transform. The same app with the switch on adds exactly the
 * propagation headers.
 */
class KafkaSwitchIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void switchedOffLeavesRecordsWithoutAddedHeaders() {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().autoCreateTopics(false).start();
        OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp off =
            KafkaApps.ingress(otlp, KafkaApps.V4, kafka.bootstrapServers())
                .serviceName("ingress-off")
                .sysProp("lantern.instrumentation.kafka-clients.enabled", "false")
                .start();
        AgentApp on = KafkaApps.ingress(otlp, KafkaApps.V4, kafka.bootstrapServers()).start()) {
      kafka.createTopic("switch-off", 1);
      kafka.createTopic("switch-on", 1);
      Http.get(off.url("/publish?topic=switch-off&key=plain"), Map.of("X-Correlation-ID", "switch-1")).requireStatus(200);
      Http.get(on.url("/publish?topic=switch-on&key=traced"), Map.of("X-Correlation-ID", "switch-2")).requireStatus(200);

      ConsumerRecord<String, String> plain = TopicReader.read(kafka.bootstrapServers(), "switch-off", 1).get(0);
      assertEquals(Map.of(), TopicReader.headers(plain));
      ConsumerRecord<String, String> traced = TopicReader.read(kafka.bootstrapServers(), "switch-on", 1).get(0);
      assertEquals(Set.of("traceparent", "baggage", "X-Correlation-ID"), TopicReader.headers(traced).keySet());
      assertEquals("switch-2", TopicReader.header(traced, "X-Correlation-ID"));
      assertEquals("correlation_id=switch-2", TopicReader.header(traced, "baggage"));

      List<ReceivedSpan> spans =
          otlp.awaitSpans(
              s -> Spans.has(s, "ingress-off", "GET /publish") && Spans.has(s, "ingress", "send switch-on"), WAIT);
      assertTrue(
          spans.stream()
              .filter(s -> "ingress-off".equals(s.resource().get("service.name")))
              .noneMatch(s -> s.attributes().containsKey("messaging.system")),
          spans.toString());
      // without the instrumentation the callback runs on the producer's thread with no context
      off.jvm().awaitLine(Pattern.compile(".*correlation_id= msg=acked key=plain .*"), WAIT);

      PrometheusScrape offMetrics = off.scrape();
      assertFalse(offMetrics.has("messaging_client_sent_messages_total"), offMetrics.raw());
      assertFalse(offMetrics.has("messaging_client_operation_duration_seconds"), offMetrics.raw());
      assertEquals(0.0, offMetrics.sum("lantern_agent_transforms_total", Map.of("instrumentation", "kafka-clients")));
      assertEquals(
          0.0,
          offMetrics.value("lantern_agent_instrumentation_enabled", Map.of("instrumentation", "kafka-clients")));
      assertTrue(on.scrape().sum("lantern_agent_transforms_total", Map.of("instrumentation", "kafka-clients", "result", "applied")) >= 1);
    }
  }
}
