package dev.lantern.agent.trace;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The export queue's spans as bytes, copied into a few large arrays (chunks) that are reused,
 * first in first out; one consumer takes a batch, exports it, then releases it.
 *
 * <p>Why not keep each span's own array: a span waits up to a batch or the export delay, long
 * enough to be copied by a young collection or two, and a batch of 512 pending spans was most of
 * what the agent added to each young pause; their arrays were also most of what ending a span
 * allocated. Chunks are allocated once, promoted once, hold no references, and then cost the
 * collector nothing. A chunk whose spans have all been released goes back to a free list and is
 * the next one written, so the queue holds as many chunks as its busiest moment needed, at most
 * {@code maxBytes}.
 *
 * <p>A span is written whole into one chunk; one larger than a chunk (a span with huge attributes
 * or events) is kept in an array of its own. What is taken stays in place until released, so the
 * consumer reads the bytes without the lock while producers append behind them.
 */
final class EncodedSpanQueue implements EncodedBatch {

  static final int CHUNK_BYTES = 128 * 1024; // below half the smallest G1 region: never humongous

  /** What {@link #offer} did. */
  static final int FULL = 0;
  static final int QUEUED = 1;
  /** Queued, into a new chunk, and half the chunks are now in use: the consumer should export. */
  static final int QUEUED_DRAIN = 2;

  private final int maxSpans;
  private final int maxChunks;
  // the entries, in a ring of maxSpans slots from head
  private final byte[][] entryArray;
  private final int[] entryOffset;
  private final int[] entryLength;
  private final Resource[] entryResource;
  private final InstrumentationScopeInfo[] entryScope;
  private int head;
  private int count;
  private int taken;
  // chunks in use, oldest first; the last is the one being written
  private final ArrayDeque<byte[]> inUse = new ArrayDeque<>();
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  private int allocatedChunks;
  private int writeOffset;
  /** Bytes of queued spans larger than a chunk, each in an array of its own. */
  private long largeBytes;
  /** Set when half the memory is in use: the consumer should export without waiting for a full batch. */
  private volatile boolean drainWanted;

  EncodedSpanQueue(int maxSpans, long maxBytes) {
    this.maxSpans = maxSpans;
    this.maxChunks = (int) Math.max(2, Math.min(Integer.MAX_VALUE, (maxBytes + CHUNK_BYTES - 1) / CHUNK_BYTES));
    this.entryArray = new byte[maxSpans][];
    this.entryOffset = new int[maxSpans];
    this.entryLength = new int[maxSpans];
    this.entryResource = new Resource[maxSpans];
    this.entryScope = new InstrumentationScopeInfo[maxSpans];
  }

  /**
   * Copies the span in: {@link #FULL} (by spans or by bytes) when it cannot, {@link #QUEUED_DRAIN}
   * when it took a new chunk and half of them are in use (once per chunk, not per span).
   */
  synchronized int offer(EncodedSpan span) {
    if (count == maxSpans) {
      return FULL;
    }
    int queued = QUEUED;
    int length = span.length;
    byte[] array;
    int offset;
    if (length > CHUNK_BYTES) {
      // counted against the same memory as the chunks in use, so the queue stays bounded in bytes
      if ((long) inUse.size() * CHUNK_BYTES + largeBytes + length > (long) maxChunks * CHUNK_BYTES) {
        return FULL;
      }
      array = Arrays.copyOfRange(span.otlp, span.offset, span.offset + length);
      offset = 0;
      largeBytes += length;
      if (updateDrainWanted()) {
        queued = QUEUED_DRAIN;
      }
    } else {
      array = inUse.peekLast();
      if (array == null || writeOffset + length > CHUNK_BYTES) {
        array = nextChunk();
        if (array == null) {
          return FULL;
        }
        inUse.addLast(array);
        writeOffset = 0;
        if (updateDrainWanted()) {
          queued = QUEUED_DRAIN;
        }
      }
      offset = writeOffset;
      System.arraycopy(span.otlp, span.offset, array, offset, length);
      writeOffset += length;
    }
    int slot = slot(count);
    entryArray[slot] = array;
    entryOffset[slot] = offset;
    entryLength[slot] = length;
    entryResource[slot] = span.resource;
    entryScope[slot] = span.scope;
    count++;
    return queued;
  }

  private byte[] nextChunk() {
    byte[] chunk = free.pollLast(); // the most recently used: still in the CPU's caches
    if (chunk == null && allocatedChunks < maxChunks) {
      chunk = new byte[CHUNK_BYTES];
      allocatedChunks++;
    }
    return chunk;
  }

  /**
   * Takes up to {@code max} of the oldest spans as the batch this object then shows ({@link
   * #size()} and the other {@link EncodedBatch} methods), until {@link #release()}. One consumer.
   */
  synchronized int take(int max) {
    if (taken != 0) {
      throw new IllegalStateException("the last batch was not released");
    }
    taken = Math.min(max, count);
    return taken;
  }

  /** Frees the taken batch's spans, and the chunks no remaining span is in. */
  synchronized void release() {
    for (int i = 0; i < taken; i++) {
      int slot = slot(i);
      if (entryArray[slot].length != CHUNK_BYTES) {
        largeBytes -= entryLength[slot];
      }
      entryArray[slot] = null;
      entryResource[slot] = null;
      entryScope[slot] = null;
    }
    head = slot(taken);
    count -= taken;
    taken = 0;
    byte[] oldestInUse = null;
    for (int i = 0; i < count && oldestInUse == null; i++) {
      byte[] array = entryArray[slot(i)];
      if (array.length == CHUNK_BYTES) { // not a large span's own array
        oldestInUse = array;
      }
    }
    while (inUse.size() > 1 && inUse.peekFirst() != oldestInUse) {
      free.addLast(inUse.pollFirst());
    }
    if (count == 0) {
      writeOffset = 0; // the chunk being written is empty again
    }
    updateDrainWanted();
  }

  /** Whether half the memory is in use (chunks, and large spans' own arrays). */
  private boolean updateDrainWanted() {
    drainWanted = 2 * ((long) inUse.size() * CHUNK_BYTES + largeBytes) > (long) maxChunks * CHUNK_BYTES;
    return drainWanted;
  }

  boolean drainWanted() {
    return drainWanted;
  }

  synchronized int count() {
    return count;
  }

  /** Chunks allocated so far (their bytes are the queue's memory). */
  synchronized int chunks() {
    return allocatedChunks;
  }

  private int slot(int i) {
    int slot = head + i;
    return slot >= maxSpans ? slot - maxSpans : slot;
  }

  // ---- the taken batch, read by the consumer without the lock: producers write other slots only

  @Override
  public int size() {
    return taken;
  }

  @Override
  public Resource resource(int i) {
    return entryResource[slot(i)];
  }

  @Override
  public InstrumentationScopeInfo scope(int i) {
    return entryScope[slot(i)];
  }

  @Override
  public byte[] array(int i) {
    return entryArray[slot(i)];
  }

  @Override
  public int offset(int i) {
    return entryOffset[slot(i)];
  }

  @Override
  public int length(int i) {
    return entryLength[slot(i)];
  }
}
