package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.PropagationHeaders;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes {@code traceparent}, {@code tracestate}, {@code baggage} and the correlation header into
 * a record's headers, replacing earlier values of the same names (a record built from a consumed
 * record's headers carries its upstream's).
 *
 * <p>A record that was sent before has read-only headers ({@code RecordHeaders.add} throws {@code
 * IllegalStateException}); such a record is copied with writable headers and the copy is sent, so
 * the application sees no exception and the broker still gets this send's context. Records of
 * application subclasses of {@code ProducerRecord} are never copied: they go out as they are.
 */
final class RecordHeadersWriter {

  private RecordHeadersWriter() {}

  static ProducerRecord<?, ?> inject(ProducerRecord<?, ?> record, Context context) {
    PropagationHeaders values = new PropagationHeaders();
    AgentRuntime.propagator().inject(context, values, PropagationHeaders.SETTER);
    if (values.isEmpty()) {
      return record;
    }
    Headers headers = record.headers();
    try {
      write(headers, values);
      return record;
    } catch (IllegalStateException readOnly) {
      ProducerRecord<?, ?> copy = copyWithWritableHeaders(record, values);
      if (copy == null) {
        return record;
      }
      write(copy.headers(), values);
      return copy;
    }
  }

  private static void write(Headers headers, PropagationHeaders values) {
    for (int i = 0; i < values.size(); i++) {
      headers.remove(values.name(i));
      headers.add(values.name(i), values.value(i).getBytes(StandardCharsets.UTF_8));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static ProducerRecord<?, ?> copyWithWritableHeaders(
      ProducerRecord<?, ?> record, PropagationHeaders replaced) {
    if (record.getClass() != ProducerRecord.class) {
      return null;
    }
    RecordHeaders headers = new RecordHeaders();
    for (Header header : record.headers()) {
      if (replaced.get(header.key()) == null) {
        headers.add(header);
      }
    }
    return new ProducerRecord(
        record.topic(),
        record.partition(),
        record.timestamp(),
        record.key(),
        record.value(),
        headers);
  }
}
