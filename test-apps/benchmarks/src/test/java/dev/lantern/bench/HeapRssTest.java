package dev.lantern.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapRssTest {

  @Test
  void theHeapsRangeFromTheJvmsLine() {
    assertArrayEquals(
        new long[] {0xe0000000L, 512L * 1024 * 1024},
        HeapRss.heapRange("[0.004s][info][gc,heap,coops] Heap address: 0x00000000e0000000, size: 512 MB, Compressed Oops mode: 32-bit"));
    assertNull(HeapRss.heapRange("[0.004s][info][gc] Using G1"));
  }

  @Test
  void residentPagesAreSplitByWhetherTheirMappingIsInTheHeap() {
    List<String> smaps =
        List.of(
            "55d0c0a00000-55d0c0a01000 r--p 00000000 fe:01 123  /usr/lib/jvm/bin/java",
            "Size:                  4 kB",
            "Rss:                   4 kB",
            "Anonymous:             0 kB",
            "e0000000-e8000000 rw-p 00000000 00:00 0",
            "Size:             131072 kB",
            "Rss:               40960 kB",
            "Anonymous:         40960 kB",
            "e8000000-100000000 ---p 00000000 00:00 0",
            "Size:             393216 kB",
            "Rss:                   0 kB",
            "7f0000000000-7f0000100000 rw-p 00000000 00:00 0",
            "Size:               1024 kB",
            "Rss:                1000 kB",
            "Anonymous:          1000 kB");
    HeapRss rss = HeapRss.split(smaps, 0xe0000000L, 512L * 1024 * 1024);
    assertEquals(40960L * 1024, rss.insideBytes);
    assertEquals(1004L * 1024, rss.outsideBytes);
    assertEquals(1000L * 1024, rss.outsideAnonymousBytes, "the java binary's pages are a file's");
  }

  /** This JVM's own smaps: both parts are there, and together they are its RSS. */
  @Test
  void readsALiveProcess() throws Exception {
    java.nio.file.Path smaps = java.nio.file.Path.of("/proc/self/smaps");
    if (!java.nio.file.Files.exists(smaps)) {
      return; // not Linux
    }
    HeapRss all = HeapRss.split(java.nio.file.Files.readAllLines(smaps), 0, 0);
    assertEquals(0, all.insideBytes);
    assertTrue(all.outsideBytes > 10L * 1024 * 1024, "RSS " + all.outsideBytes);
  }
}
