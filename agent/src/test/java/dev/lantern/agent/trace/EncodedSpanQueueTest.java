package dev.lantern.agent.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class EncodedSpanQueueTest {

  private static final Resource RESOURCE = Resource.getDefault();
  private static final InstrumentationScopeInfo SCOPE_A = InstrumentationScopeInfo.create("a");
  private static final InstrumentationScopeInfo SCOPE_B = InstrumentationScopeInfo.create("b");
  private static final int CHUNK = EncodedSpanQueue.CHUNK_BYTES;

  @Test
  void spansComeOutInOrderWithTheirBytesAndScopesAcrossChunks() {
    EncodedSpanQueue queue = new EncodedSpanQueue(1000, 8L * CHUNK);
    List<byte[]> offered = new ArrayList<>();
    for (int i = 0; i < 300; i++) { // ~3 KB each: about six chunks, spans never split
      byte[] span = span(i, 2000 + 7 * i);
      offered.add(span);
      assertQueued(queue.offer(view(span, i % 2 == 0 ? SCOPE_A : SCOPE_B)));
    }
    assertEquals(300, queue.count());
    int seen = 0;
    while (queue.take(128) > 0) {
      for (int i = 0; i < queue.size(); i++, seen++) {
        assertArrayEquals(offered.get(seen), bytes(queue, i), "span " + seen);
        assertSame(seen % 2 == 0 ? SCOPE_A : SCOPE_B, queue.scope(i));
        assertSame(RESOURCE, queue.resource(i));
      }
      queue.release();
    }
    assertEquals(300, seen);
    assertEquals(0, queue.count());
  }

  @Test
  void chunksAreReusedSoTheQueueHoldsWhatItsBusiestMomentNeeded() {
    EncodedSpanQueue queue = new EncodedSpanQueue(10_000, 32L * CHUNK);
    for (int round = 0; round < 200; round++) { // 200 batches of ~100 KB through a 4 MB queue
      for (int i = 0; i < 100; i++) {
        assertQueued(queue.offer(view(span(i, 1000), SCOPE_A)));
      }
      assertEquals(100, queue.take(512));
      queue.release();
    }
    assertTrue(queue.chunks() <= 2, "chunks allocated: " + queue.chunks());
    // a burst then takes more, up to the limit, and the spans are all there
    int accepted = 0;
    while (queue.offer(view(span(accepted, 1000), SCOPE_A)) != EncodedSpanQueue.FULL) {
      accepted++;
    }
    assertEquals(32, queue.chunks());
    assertEquals(32 * (CHUNK / 1000), accepted, "full by bytes: the 32 chunks' worth of whole spans");
  }

  @Test
  void fullBySpansOrByBytesRefusesNewSpansAndFreesAsBatchesAreReleased() {
    EncodedSpanQueue bySpans = new EncodedSpanQueue(3, 8L * CHUNK);
    for (int i = 0; i < 3; i++) {
      assertQueued(bySpans.offer(view(span(i, 100), SCOPE_A)));
    }
    assertFull(bySpans.offer(view(span(3, 100), SCOPE_A)));
    assertEquals(2, bySpans.take(2));
    assertFull(bySpans.offer(view(span(3, 100), SCOPE_A)), "taken spans still hold their place");
    bySpans.release();
    assertQueued(bySpans.offer(view(span(3, 100), SCOPE_A)));

    EncodedSpanQueue byBytes = new EncodedSpanQueue(1000, 2L * CHUNK);
    assertQueued(byBytes.offer(view(span(0, CHUNK - 10), SCOPE_A)));
    assertQueued(byBytes.offer(view(span(1, CHUNK - 10), SCOPE_A)));
    assertFull(byBytes.offer(view(span(2, 100), SCOPE_A)), "both chunks hold a span");
    byBytes.take(1);
    byBytes.release();
    assertQueued(byBytes.offer(view(span(2, 100), SCOPE_A)), "the first chunk is free again");
  }

  @Test
  void aSpanLargerThanAChunkIsKeptWholeAndCountsAgainstTheMemory() {
    EncodedSpanQueue queue = new EncodedSpanQueue(1000, 4L * CHUNK);
    byte[] large = span(1, 3 * CHUNK);
    assertQueued(queue.offer(view(span(0, 100), SCOPE_A)));
    assertQueued(queue.offer(view(large, SCOPE_B)));
    assertFull(queue.offer(view(span(2, 2 * CHUNK), SCOPE_B)), "4 chunks' worth: one in use, three for the large span");
    assertEquals(2, queue.take(10));
    assertArrayEquals(large, bytes(queue, 1));
    queue.release();
    assertQueued(queue.offer(view(span(2, 2 * CHUNK), SCOPE_B)), "released: its memory is free again");
  }

  @Test
  void halfTheMemoryInUseAsksForAnExportBeforeAFullBatch() {
    EncodedSpanQueue queue = new EncodedSpanQueue(1000, 4L * CHUNK);
    assertEquals(EncodedSpanQueue.QUEUED, queue.offer(view(span(0, CHUNK - 10), SCOPE_A)));
    assertEquals(EncodedSpanQueue.QUEUED, queue.offer(view(span(1, CHUNK - 10), SCOPE_A)));
    assertFalse(queue.drainWanted(), "two chunks of four");
    assertEquals(EncodedSpanQueue.QUEUED_DRAIN, queue.offer(view(span(2, 100), SCOPE_A)), "three of four");
    assertTrue(queue.drainWanted());
    assertEquals(EncodedSpanQueue.QUEUED, queue.offer(view(span(3, 100), SCOPE_A)), "the same chunk: said once");
    queue.take(10);
    queue.release();
    assertFalse(queue.drainWanted());
  }

  @Test
  void producersAppendWhileTheConsumerReadsTheTakenBatch() throws Exception {
    EncodedSpanQueue queue = new EncodedSpanQueue(2048, 8L * CHUNK);
    int perProducer = 20_000;
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      int producer = p;
      Thread t =
          new Thread(
              () -> {
                for (int i = 0; i < perProducer; i++) {
                  byte[] span = span(producer * 1_000_000 + i, 50 + (i * 37) % 3000);
                  while (queue.offer(view(span, SCOPE_A)) == EncodedSpanQueue.FULL) {
                    Thread.onSpinWait(); // full: wait for the consumer, so every span is checked
                  }
                }
              });
      producers.add(t);
      t.start();
    }
    int[] next = new int[3];
    int received = 0;
    while (received < 3 * perProducer) {
      int n = queue.take(512);
      for (int i = 0; i < n; i++) {
        byte[] span = bytes(queue, i);
        int id = id(span);
        int producer = id / 1_000_000;
        int seq = id % 1_000_000;
        if (seq != next[producer]) {
          problems.add("producer " + producer + ": got " + seq + ", expected " + next[producer]);
        }
        next[producer] = seq + 1;
        if (!Arrays.equals(span, span(id, 50 + (seq * 37) % 3000))) {
          problems.add("span " + id + " was overwritten while taken");
        }
      }
      queue.release();
      received += n;
      if (problems.size() > 5) {
        break;
      }
    }
    for (Thread t : producers) {
      t.join(10_000);
    }
    assertTrue(problems.isEmpty(), problems.toString());
    assertEquals(3 * perProducer, received);
  }

  private static void assertQueued(int offered, String... message) {
    assertTrue(offered != EncodedSpanQueue.FULL, message.length > 0 ? message[0] : "queued");
  }

  private static void assertFull(int offered, String... message) {
    assertEquals(EncodedSpanQueue.FULL, offered, message.length > 0 ? message[0] : "full");
  }

  /** A span's bytes: its id in the first four bytes, then a pattern the id decides. */
  private static byte[] span(int id, int length) {
    byte[] bytes = new byte[Math.max(4, length)];
    bytes[0] = (byte) (id >>> 24);
    bytes[1] = (byte) (id >>> 16);
    bytes[2] = (byte) (id >>> 8);
    bytes[3] = (byte) id;
    for (int i = 4; i < bytes.length; i++) {
      bytes[i] = (byte) (id * 31 + i);
    }
    return bytes;
  }

  private static int id(byte[] span) {
    return (span[0] & 0xff) << 24 | (span[1] & 0xff) << 16 | (span[2] & 0xff) << 8 | (span[3] & 0xff);
  }

  /** The span as the encoder hands it over: a range of a larger buffer. */
  private static EncodedSpan view(byte[] span, InstrumentationScopeInfo scope) {
    byte[] buffer = new byte[span.length + 9];
    System.arraycopy(span, 0, buffer, 5, span.length);
    return new EncodedSpan(buffer, 5, span.length, RESOURCE, scope, "t", false);
  }

  private static byte[] bytes(EncodedBatch batch, int i) {
    return Arrays.copyOfRange(batch.array(i), batch.offset(i), batch.offset(i) + batch.length(i));
  }
}
