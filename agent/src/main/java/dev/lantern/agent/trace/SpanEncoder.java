package dev.lantern.agent.trace;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Encodes spans as they end, on the thread that ends them, and hands the bytes on as an {@link
 * EncodedSpan} over the encoder's buffer: the receiver copies what it keeps, so no array is
 * allocated per span.
 *
 * <p>The buffers come from a small pool indexed by thread, not from a thread-local: a server's
 * hundreds of threads, or a virtual thread per request, would each keep a buffer otherwise. A
 * thread takes its slot's buffer and puts it back; when the slot is empty (another thread of the
 * same slot is encoding) it uses a new one, which then fills the slot.
 */
public final class SpanEncoder {

  private static final int SLOTS = 16;
  // A span is mostly 200 B to 2 KiB; a buffer grown past 64 KiB by a huge span starts over small.
  private static final int INITIAL_CAPACITY = 1024;
  private static final int MAX_RETAINED_CAPACITY = 64 * 1024;

  private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(SLOTS);

  /**
   * Encodes the span and hands it to {@code sink}, whose argument is valid during the call only.
   * Returns false, without calling the sink, when the span's data cannot be read (the caller
   * counts it dropped).
   */
  public boolean encode(ReadableSpan span, Consumer<EncodedSpan> sink) {
    int index = (int) Thread.currentThread().getId() & (SLOTS - 1);
    Slot slot = slots.getAndSet(index, null);
    if (slot == null) {
      slot = new Slot();
    }
    try {
      SpanData data;
      try {
        data = span.toSpanData();
        slot.writer.encodeSpanInPlace(data);
      } catch (RuntimeException unreadable) {
        return false;
      }
      slot.view.set(
          slot.writer.array(),
          0,
          slot.writer.size(),
          data.getResource(),
          data.getInstrumentationScopeInfo(),
          data.getSpanContext().getTraceId(),
          data.getStatus().getStatusCode() == StatusCode.ERROR);
      sink.accept(slot.view);
      return true;
    } finally {
      slot.view.set(null, 0, 0, null, null, null, false); // keeps nothing of the span alive
      slots.lazySet(index, slot);
    }
  }

  /** One encoding buffer and the view over it that the sink is handed. */
  private static final class Slot {
    final OtlpProtoWriter writer = new OtlpProtoWriter(INITIAL_CAPACITY, MAX_RETAINED_CAPACITY);
    final EncodedSpan view = new EncodedSpan(new byte[0], null, null, null, false);
  }
}
