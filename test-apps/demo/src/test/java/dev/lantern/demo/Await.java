package dev.lantern.demo;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls until a condition holds; the time limit is a wait limit, never what a test asserts. */
final class Await {

  private Await() {}

  /** The first non-null value {@code probe} returns, polling every {@code every}. */
  static <T> T until(String what, Duration timeout, Duration every, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        T value = probe.get();
        if (value != null) {
          return value;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure = new AssertionError("gave up after " + timeout + " waiting for " + what);
        if (last != null) {
          failure.addSuppressed(last);
        }
        throw failure;
      }
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
