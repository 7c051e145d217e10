package dev.lantern.agent.trace;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Encodes spans as they end, on the thread that ends them, into {@link EncodedSpan}s.
 *
 * <p>The writers come from a small pool indexed by thread, not from a thread-local: a server's
 * hundreds of threads, or a virtual thread per request, would each keep a buffer otherwise. A
 * thread takes its slot's writer and puts it back; when the slot is empty (another thread of the
 * same slot is encoding) it uses a new writer, which then fills the slot.
 */
public final class SpanEncoder {

  private static final int SLOTS = 16;
  // A span is mostly 200 B to 2 KiB; a writer grown past 64 KiB by a huge span starts over small.
  private static final int INITIAL_CAPACITY = 1024;
  private static final int MAX_RETAINED_CAPACITY = 64 * 1024;

  private final AtomicReferenceArray<OtlpProtoWriter> writers = new AtomicReferenceArray<>(SLOTS);

  /** The span encoded, or null when its data cannot be read (the caller counts it dropped). */
  public EncodedSpan encode(ReadableSpan span) {
    int slot = (int) Thread.currentThread().getId() & (SLOTS - 1);
    OtlpProtoWriter writer = writers.getAndSet(slot, null);
    if (writer == null) {
      writer = new OtlpProtoWriter(INITIAL_CAPACITY, MAX_RETAINED_CAPACITY);
    }
    try {
      SpanData data = span.toSpanData();
      byte[] otlp = writer.encodeSpan(data);
      return new EncodedSpan(
          otlp,
          data.getResource(),
          data.getInstrumentationScopeInfo(),
          data.getSpanContext().getTraceId(),
          data.getStatus().getStatusCode() == StatusCode.ERROR);
    } catch (RuntimeException unreadable) {
      return null;
    } finally {
      writers.lazySet(slot, writer);
    }
  }
}
