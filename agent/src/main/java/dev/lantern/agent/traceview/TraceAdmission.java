package dev.lantern.agent.traceview;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} admissions a second, with a burst of one second's worth: a rate
 * limiter without a lock or a timer (the "theoretical arrival time" of the generic cell rate
 * algorithm, one atomic long).
 */
final class TraceAdmission {

  private final long intervalNanos;
  private final long burstNanos;
  private final AtomicLong nextFree;
  /** Tests: a clock to move by hand; null for {@link System#nanoTime()}. */
  private final LongSupplier clock;

  TraceAdmission(int perSecond, LongSupplier clock) {
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, perSecond);
    this.burstNanos = TimeUnit.SECONDS.toNanos(1);
    this.clock = clock;
    this.nextFree = new AtomicLong(now() - burstNanos);
  }

  private long now() {
    return clock == null ? System.nanoTime() : clock.getAsLong();
  }

  boolean tryAdmit() {
    long now = now();
    while (true) {
      long next = nextFree.get();
      long after = Math.max(next, now - burstNanos) + intervalNanos;
      if (after - now > 0) {
        return false;
      }
      if (nextFree.compareAndSet(next, after)) {
        return true;
      }
    }
  }
}
