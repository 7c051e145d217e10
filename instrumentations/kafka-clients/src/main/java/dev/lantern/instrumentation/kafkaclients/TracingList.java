package dev.lantern.instrumentation.kafkaclients;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The records of one partition ({@code ConsumerRecords.records(TopicPartition)}), unmodifiable as
 * the original: iterating it ({@code for}, {@code iterator()}, {@code forEach}) opens process
 * spans; index access and streams do not.
 */
final class TracingList<T> extends AbstractList<T> implements RandomAccess {

  private final List<T> delegate;

  private TracingList(List<T> delegate) {
    this.delegate = delegate;
  }

  static Object wrap(ConsumerRecords<?, ?> records, List<?> list) {
    if (list == null
        || list.isEmpty()
        || list instanceof TracingList
        || records == null
        || !ProcessSpans.tracking()) {
      return list;
    }
    return new TracingList<>(list);
  }

  @Override
  public T get(int index) {
    return delegate.get(index);
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public Iterator<T> iterator() {
    return TracingIterator.of(delegate.iterator());
  }
}
