package dev.lantern.agent.traceview;

/**
 * The bytes of the spans the trace view keeps, copied into a few large arrays that are reused in
 * a ring, oldest overwritten first.
 *
 * <p>Why not keep each span's own array: a kept trace lives for seconds to minutes, long enough
 * to be copied at every young collection until it is old enough to be promoted. At 1,000
 * requests a second that was some 370 KB copied per young collection, more than half of what the
 * agent added to each pause. These arrays are allocated once, promoted once, and then cost the
 * collector nothing: they hold no references.
 *
 * <p>The ring is cut into chunks; a span is written whole into one chunk, and when the writer
 * moves on to a chunk, all that chunk held before is gone at once. A span is therefore readable
 * while its chunk is one of the last {@code chunks} the writer used. Chunks are allocated as the
 * writer first reaches them, so an idle trace view holds nothing.
 */
final class SpanArena {

  private static final int MAX_CHUNK = 256 * 1024; // below half the smallest G1 region: never humongous
  private static final int MIN_CHUNK = 4 * 1024;

  private final byte[][] chunks;
  private final int chunkSize;
  /** Position of the next byte in the endless stream of written bytes. */
  private long written;

  /** @param capacity bytes for kept spans, in all; at least 8 chunks of {@value #MIN_CHUNK} bytes */
  SpanArena(long capacity) {
    this.chunkSize = (int) Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, capacity / 8));
    this.chunks = new byte[(int) Math.max(8, Math.min(Integer.MAX_VALUE - 8, capacity / chunkSize))][];
  }

  /** The largest span that can be kept. */
  int maxSpanBytes() {
    return chunkSize;
  }

  /**
   * Copies {@code length} bytes from {@code from} and returns their position, or -1 when they are
   * larger than a chunk.
   */
  synchronized long append(byte[] from, int offset, int length) {
    if (length > chunkSize) {
      return -1;
    }
    int inChunk = (int) (written % chunkSize);
    if (inChunk + length > chunkSize) {
      written += chunkSize - inChunk; // the chunk's tail stays unused: spans are never split
      inChunk = 0;
    }
    long position = written;
    byte[] chunk = chunk(position);
    System.arraycopy(from, offset, chunk, inChunk, length);
    written += length;
    return position;
  }

  /** A copy of the span written at {@code position}, or null when it has been overwritten. */
  synchronized byte[] read(long position, int length) {
    if (!intact(position)) {
      return null;
    }
    byte[] copy = new byte[length];
    System.arraycopy(chunk(position), (int) (position % chunkSize), copy, 0, length);
    return copy;
  }

  /** Whether the span written at {@code position} can still be read. */
  synchronized boolean intact(long position) {
    return position / chunkSize > (written - 1) / chunkSize - chunks.length;
  }

  private byte[] chunk(long position) {
    int index = (int) ((position / chunkSize) % chunks.length);
    byte[] chunk = chunks[index];
    if (chunk == null) {
      chunk = new byte[chunkSize];
      chunks[index] = chunk;
    }
    return chunk;
  }
}
