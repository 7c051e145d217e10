package dev.lantern.instrumentation.kafkaclients;

import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads propagation headers of a consumed record: the last value of a name wins (as Kafka's own
 * {@code lastHeader}), names match case-insensitively when no exact match exists (other
 * producers write {@code x-correlation-id}), and oversized values are ignored.
 */
final class RecordHeadersGetter implements TextMapGetter<ConsumerRecord<?, ?>> {

  static final RecordHeadersGetter INSTANCE = new RecordHeadersGetter();
  static final int MAX_VALUE_BYTES = 8192;

  @Override
  public Iterable<String> keys(ConsumerRecord<?, ?> record) {
    List<String> keys = new ArrayList<>();
    for (Header header : record.headers()) {
      keys.add(header.key());
    }
    return keys;
  }

  @Override
  public String get(ConsumerRecord<?, ?> record, String key) {
    if (record == null || key == null) {
      return null;
    }
    Headers headers = record.headers();
    Header header = headers.lastHeader(key);
    if (header == null) {
      for (Header candidate : headers) {
        if (key.equalsIgnoreCase(candidate.key())) {
          header = candidate;
        }
      }
    }
    if (header == null) {
      return null;
    }
    byte[] value = header.value();
    if (value == null || value.length > MAX_VALUE_BYTES) {
      return null;
    }
    return new String(value, StandardCharsets.UTF_8);
  }
}
