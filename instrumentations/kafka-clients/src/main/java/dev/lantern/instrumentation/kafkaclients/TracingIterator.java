package dev.lantern.instrumentation.kafkaclients;

import java.util.Iterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/** Iterates poll results as the delegate does, opening and closing process spans on the way. */
final class TracingIterator<T> implements Iterator<T> {

  private final Iterator<T> delegate;

  private TracingIterator(Iterator<T> delegate) {
    this.delegate = delegate;
  }

  static Object wrap(ConsumerRecords<?, ?> records, Iterator<?> iterator) {
    if (iterator == null
        || iterator instanceof TracingIterator
        || records == null
        || records.isEmpty()
        || !ProcessSpans.tracking()) {
      return iterator;
    }
    return new TracingIterator<>(iterator);
  }

  static <T> Iterator<T> of(Iterator<T> iterator) {
    return iterator instanceof TracingIterator ? iterator : new TracingIterator<>(iterator);
  }

  @Override
  public boolean hasNext() {
    ProcessSpans.endCurrent();
    return delegate.hasNext();
  }

  @Override
  public T next() {
    ProcessSpans.endCurrent();
    T next = delegate.next();
    if (next instanceof ConsumerRecord) {
      ProcessSpans.start((ConsumerRecord<?, ?>) next);
    }
    return next;
  }

  @Override
  public void remove() {
    delegate.remove();
  }
}
