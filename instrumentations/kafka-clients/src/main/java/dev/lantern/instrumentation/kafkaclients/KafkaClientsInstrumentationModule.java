package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.matcher.ClassLoaderMatchers;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import dev.lantern.agent.api.matcher.ElementMatcher;

/** Apache Kafka's Java clients, {@code org.apache.kafka:kafka-clients} 2.x, 3.x and 4.x. */
public final class KafkaClientsInstrumentationModule extends InstrumentationModule {

  public KafkaClientsInstrumentationModule() {
    super("kafka-clients");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new KafkaProducerInstrumentation(),
        new KafkaConsumerInstrumentation(),
        new ConsumerRecordsInstrumentation());
  }

  /**
   * Versions before 2.0 are left alone rather than half-instrumented (0.10 has no record headers
   * to carry the context in).
   */
  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.supportedVersion(
        "kafka-clients",
        "2.0+",
        "org.apache.kafka.clients.producer.KafkaProducer",
        "org.apache.kafka.common.config.provider.ConfigProvider"); // added in 2.0
  }

  @Override
  public List<String> configKeys() {
    return Collections.singletonList(KafkaSettings.PAUSED_LAG_REFRESH_KEY);
  }
}
