package dev.lantern.agent.traceview;

import dev.lantern.agent.trace.EncodedSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last few spans of traces the trace view did not keep, overwritten as new ones end: when a
 * span of such a trace ends with an error, the trace is kept after all, and its spans that ended
 * just before (a failing request's children end before its server span) are taken from here.
 */
final class RecentSpans {

  private static final int SIZE = 128; // a power of two

  private final AtomicReferenceArray<EncodedSpan> ring = new AtomicReferenceArray<>(SIZE);
  private final AtomicInteger next = new AtomicInteger();

  void remember(EncodedSpan span) {
    ring.lazySet(next.getAndIncrement() & (SIZE - 1), span);
  }

  /** The remembered spans of the trace, each taken out so that it is kept once. */
  List<EncodedSpan> takeTrace(String traceId) {
    List<EncodedSpan> found = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      EncodedSpan span = ring.get(i);
      if (span != null && span.traceId().equals(traceId) && ring.compareAndSet(i, span, null)) {
        found.add(span);
      }
    }
    return found;
  }
}
