package dev.lantern.agent.api.genai;

import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link Stream} that yields exactly the items of the SDK's stream, in order, and tells an
 * observer about each item, about the end of the items, and about a failure of the source.
 * Exceptions thrown by the application's own consumer are not the stream's failure and pass
 * through untouched.
 */
public final class ObservedStream {

  private ObservedStream() {}

  public static <T> Stream<T> wrap(Stream<T> source, StreamObserver<? super T> observer) {
    Stream<T> observed =
        StreamSupport.stream(
            () -> new ObservingSpliterator<>(source.spliterator(), observer),
            Spliterator.ORDERED,
            false);
    return observed.onClose(source::close);
  }

  private static final class ObservingSpliterator<T> extends Spliterators.AbstractSpliterator<T> {
    private final Spliterator<T> source;
    private final StreamObserver<? super T> observer;
    private boolean actionFailed;

    ObservingSpliterator(Spliterator<T> source, StreamObserver<? super T> observer) {
      super(source.estimateSize(), Spliterator.ORDERED);
      this.source = source;
      this.observer = observer;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      boolean advanced;
      try {
        advanced =
            source.tryAdvance(
                item -> {
                  chunk(item);
                  try {
                    action.accept(item);
                  } catch (RuntimeException | Error e) {
                    actionFailed = true;
                    throw e;
                  }
                });
      } catch (RuntimeException | Error e) {
        if (!actionFailed) {
          end(e);
        }
        actionFailed = false;
        throw e;
      }
      if (!advanced) {
        end(null);
      }
      return advanced;
    }

    private void chunk(T item) {
      try {
        observer.onChunk(item);
      } catch (Throwable ignored) {
        // the application gets its item whatever the observer does
      }
    }

    private void end(Throwable error) {
      try {
        observer.onEnd(error);
      } catch (Throwable ignored) {
        // never in the application's way
      }
    }
  }
}
