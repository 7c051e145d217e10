package dev.lantern.instrumentation.kafkaclients;

import java.util.Iterator;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/** The records of one topic ({@code ConsumerRecords.records(String)}), iterated with spans. */
final class TracingIterable<T> implements Iterable<T> {

  private final Iterable<T> delegate;

  private TracingIterable(Iterable<T> delegate) {
    this.delegate = delegate;
  }

  static Object wrap(ConsumerRecords<?, ?> records, Iterable<?> iterable) {
    if (iterable == null
        || iterable instanceof TracingIterable
        || records == null
        || records.isEmpty()
        || !ProcessSpans.tracking()) {
      return iterable;
    }
    return new TracingIterable<>(iterable);
  }

  @Override
  public Iterator<T> iterator() {
    return TracingIterator.of(delegate.iterator());
  }
}
