package dev.lantern.agent.traceview;

import dev.lantern.agent.trace.EncodedSpan;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * The last few spans of traces the trace view did not keep, overwritten as new ones end: when a
 * span of such a trace ends with an error, the trace is kept after all, and its spans that ended
 * just before (a failing request's children end before its server span) are taken from here.
 *
 * <p>Nearly every span passes through here, so their bytes are copied into a small arena of
 * their own rather than each kept as an array: ending a span then allocates nothing for it.
 */
final class RecentSpans {

  private static final int SIZE = 128;
  // 128 spans of up to ~2 KB each; a span larger than a chunk (32 KB) is not remembered
  private static final int ARENA_BYTES = 256 * 1024;

  private final SpanArena arena = new SpanArena(ARENA_BYTES);
  private final String[] traceIds = new String[SIZE];
  private final long[] positions = new long[SIZE];
  private final int[] lengths = new int[SIZE];
  private final Resource[] resources = new Resource[SIZE];
  private final InstrumentationScopeInfo[] scopes = new InstrumentationScopeInfo[SIZE];
  private final boolean[] errors = new boolean[SIZE];
  private int next;

  /** Copies the span in, in place of the oldest remembered one. */
  synchronized void remember(EncodedSpan span) {
    long position = arena.append(span.bytes(), span.offset(), span.length());
    int slot = next;
    next = (next + 1) % SIZE;
    traceIds[slot] = position < 0 ? null : span.traceId();
    positions[slot] = position;
    lengths[slot] = span.length();
    resources[slot] = span.resource();
    scopes[slot] = span.scope();
    errors[slot] = span.error();
  }

  /** The remembered spans of the trace still in the arena, each taken out so that it is kept once. */
  synchronized List<EncodedSpan> takeTrace(String traceId) {
    List<EncodedSpan> found = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      if (traceId.equals(traceIds[i])) {
        byte[] bytes = arena.read(positions[i], lengths[i]);
        if (bytes != null) {
          found.add(new EncodedSpan(bytes, resources[i], scopes[i], traceId, errors[i]));
        }
        traceIds[i] = null;
      }
    }
    return found;
  }
}
