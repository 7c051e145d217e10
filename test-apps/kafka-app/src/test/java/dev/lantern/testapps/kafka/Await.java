package dev.lantern.testapps.kafka;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds; the timeout is only a limit on waiting, never asserted. */
final class Await {

  private Await() {}

  static <T> T until(String what, Supplier<T> value, java.util.function.Predicate<T> done, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (true) {
      try {
        last = value.get();
        lastError = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException | AssertionError e) {
        lastError = e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure = new AssertionError("gave up waiting for " + what + "; last value: " + last);
        if (lastError != null) {
          failure.initCause(lastError);
        }
        throw failure;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
