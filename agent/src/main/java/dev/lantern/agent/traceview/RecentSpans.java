package dev.lantern.agent.traceview;

import dev.lantern.agent.trace.EncodedSpan;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The last few spans of traces the trace view did not keep, overwritten as new ones end: when a
 * span of such a trace ends with an error, the trace is kept after all, and its spans that ended
 * just before (a failing request's children end before its server span) are taken from here.
 *
 * <p>Nearly every span passes through here, so each slot copies the span's bytes into an array
 * it keeps and reuses, rather than keeping an array per span: ending a span allocates nothing
 * for it once the slots have grown to the usual span size. Threads ending spans take successive
 * slots, each under the slot's own lock, so they do not wait for one another.
 */
final class RecentSpans {

  private static final int SIZE = 128; // a power of two
  /** A span larger than this is not remembered (its trace, if it fails, is kept without it). */
  static final int MAX_SPAN_BYTES = 16 * 1024; // so the slots hold at most 2 MB

  private final Slot[] slots = new Slot[SIZE];
  private final AtomicInteger next = new AtomicInteger();

  RecentSpans() {
    for (int i = 0; i < SIZE; i++) {
      slots[i] = new Slot();
    }
  }

  /** Copies the span in, in place of the oldest remembered one. */
  void remember(EncodedSpan span) {
    Slot slot = slots[next.getAndIncrement() & (SIZE - 1)];
    synchronized (slot) {
      if (span.length() > MAX_SPAN_BYTES) {
        slot.traceId = null;
        return;
      }
      if (slot.bytes.length < span.length()) {
        slot.bytes = new byte[Math.max(span.length(), 2 * slot.bytes.length)];
      }
      System.arraycopy(span.bytes(), span.offset(), slot.bytes, 0, span.length());
      slot.length = span.length();
      slot.traceId = span.traceId();
      slot.resource = span.resource();
      slot.scope = span.scope();
      slot.error = span.error();
    }
  }

  /** The remembered spans of the trace, each taken out so that it is kept once. */
  List<EncodedSpan> takeTrace(String traceId) {
    List<EncodedSpan> found = new ArrayList<>();
    for (Slot slot : slots) {
      synchronized (slot) {
        if (traceId.equals(slot.traceId)) {
          byte[] copy = Arrays.copyOf(slot.bytes, slot.length);
          found.add(new EncodedSpan(copy, slot.resource, slot.scope, traceId, slot.error));
          slot.traceId = null;
        }
      }
    }
    return found;
  }

  /** One remembered span; its array is reused by the spans that later take the slot. */
  private static final class Slot {
    byte[] bytes = new byte[512];
    int length;
    String traceId;
    Resource resource;
    InstrumentationScopeInfo scope;
    boolean error;
  }
}
