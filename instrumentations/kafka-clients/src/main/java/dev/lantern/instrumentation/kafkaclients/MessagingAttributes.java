package dev.lantern.instrumentation.kafkaclients;

import io.opentelemetry.api.common.AttributeKey;

/** Semantic-convention attribute keys of messaging spans, and the values Kafka spans use. */
final class MessagingAttributes {

  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> PARTITION =
      AttributeKey.stringKey("messaging.destination.partition.id");
  static final AttributeKey<String> CONSUMER_GROUP =
      AttributeKey.stringKey("messaging.consumer.group.name");
  static final AttributeKey<String> CLIENT_ID = AttributeKey.stringKey("messaging.client.id");
  static final AttributeKey<Long> BATCH_COUNT =
      AttributeKey.longKey("messaging.batch.message_count");
  static final AttributeKey<String> MESSAGE_KEY =
      AttributeKey.stringKey("messaging.kafka.message.key");
  static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
  static final AttributeKey<Boolean> TOMBSTONE =
      AttributeKey.booleanKey("messaging.kafka.message.tombstone");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> CORRELATION_ID =
      AttributeKey.stringKey("lantern.correlation_id");

  static final String KAFKA = "kafka";

  /** Longer keys are left off spans: they are ids at best, payload at worst. */
  static final int MAX_KEY_LENGTH = 64;

  private MessagingAttributes() {}

  /** The record key if it is a short string, else null. */
  static String shortStringKey(Object key) {
    if (key instanceof String) {
      String s = (String) key;
      return s.length() <= MAX_KEY_LENGTH ? s : null;
    }
    return null;
  }

  static String errorType(Throwable error) {
    return error == null ? null : error.getClass().getName();
  }

  static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
