package dev.lantern.agent.traceview;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanArenaTest {

  private static byte[] record(int n, int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) n);
    bytes[0] = (byte) (n >> 8);
    return bytes;
  }

  @Test
  void spansAreReadBackWholeAndNeverSplitAcrossChunks() {
    SpanArena arena = new SpanArena(64 * 1024); // 8 chunks of 8 KB
    assertEquals(8 * 1024, arena.maxSpanBytes());
    List<Long> positions = new ArrayList<>();
    for (int n = 0; n < 40; n++) {
      long position = arena.append(record(n, 1000 + n), 0, 1000 + n);
      positions.add(position);
      assertTrue(position % 8192 + 1000 + n <= 8192, "inside one chunk: " + position);
    }
    for (int n = 0; n < 40; n++) {
      assertArrayEquals(record(n, 1000 + n), arena.read(positions.get(n), 1000 + n));
    }
  }

  @Test
  void theOldestChunkIsOverwrittenAsAWholeAndNeverReadAsSomethingElse() {
    SpanArena arena = new SpanArena(64 * 1024);
    List<Long> positions = new ArrayList<>();
    for (int n = 0; n < 200; n++) { // 7 a chunk: some 28 chunks, the ring 3.5 times over
      positions.add(arena.append(record(n, 1100), 0, 1100));
    }
    int intact = 0;
    for (int n = 0; n < 200; n++) {
      byte[] read = arena.read(positions.get(n), 1100);
      if (read == null) {
        assertFalse(arena.intact(positions.get(n)));
        assertTrue(intact == 0, "only the oldest are gone: " + n);
      } else {
        intact++;
        assertArrayEquals(record(n, 1100), read, "span " + n + " reads as itself");
      }
    }
    assertTrue(intact >= 7 * 7 && intact <= 7 * 8, "the last 7 to 8 chunks: " + intact);
    assertNull(arena.read(positions.get(0), 1100));
  }

  @Test
  void aSpanLargerThanAChunkIsRefused() {
    SpanArena arena = new SpanArena(64 * 1024);
    assertEquals(-1, arena.append(new byte[8 * 1024 + 1], 0, 8 * 1024 + 1));
    assertEquals(0, arena.append(new byte[8 * 1024], 0, 8 * 1024), "a chunk's worth fits");
  }
}
