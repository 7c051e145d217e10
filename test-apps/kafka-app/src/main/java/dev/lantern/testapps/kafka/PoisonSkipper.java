package dev.lantern.testapps.kafka;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeks past a record poll could not deserialize. Kept apart from {@link ProcessorApp} because
 * {@code RecordDeserializationException} exists only from kafka-clients 3.0 on.
 */
final class PoisonSkipper {

  private static final Logger log = LoggerFactory.getLogger(PoisonSkipper.class);

  private PoisonSkipper() {}

  static boolean skip(KafkaConsumer<?, ?> consumer, RuntimeException error) {
    if (!(error instanceof RecordDeserializationException)) {
      return false;
    }
    RecordDeserializationException e = (RecordDeserializationException) error;
    log.warn("skipping an undeserializable record partition={} offset={}", e.topicPartition().partition(), e.offset());
    consumer.seek(e.topicPartition(), e.offset() + 1);
    return true;
  }
}
