package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

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

  @Override
  public List<String> configKeys() {
    return Collections.singletonList(KafkaSettings.PAUSED_LAG_REFRESH_KEY);
  }
}
