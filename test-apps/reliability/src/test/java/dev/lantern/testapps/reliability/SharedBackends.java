package dev.lantern.testapps.reliability;

import dev.lantern.testing.kafka.EmbeddedKafka;
import dev.lantern.testing.llm.LlmServer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Kafka broker and the LLM server every suite's application talks to: started once per test
 * JVM (a broker takes seconds to start) and stopped when it exits. Each application gets a topic
 * of its own, so counts never mix.
 */
final class SharedBackends {

  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static EmbeddedKafka kafka;
  private static LlmServer llm;

  private SharedBackends() {}

  static synchronized EmbeddedKafka kafka() {
    if (kafka == null) {
      kafka = EmbeddedKafka.start();
      Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "stop-kafka"));
    }
    return kafka;
  }

  static synchronized LlmServer llm() {
    if (llm == null) {
      llm = LlmServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(llm::close, "stop-llm-server"));
    }
    return llm;
  }

  /** A new topic with one partition, created and ready. */
  static String freshTopic() {
    String topic = "work-" + TOPICS.incrementAndGet();
    kafka().createTopic(topic, 1);
    return topic;
  }
}
