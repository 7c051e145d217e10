package dev.lantern.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AppStatsTest {

  @Test
  void fieldsOfTheStatsBodyAndTheRssOutsideTheCommittedHeap() {
    AppStats stats =
        AppStats.parse(
            "heap_used_bytes=9000000 heap_committed_bytes=50000000 threads=48 classes=5076 main_uptime_ms=65",
            300_000_000L);
    assertEquals(9_000_000L, stats.heapUsedBytes);
    assertEquals(50_000_000L, stats.heapCommittedBytes);
    assertEquals(48, stats.threads);
    assertEquals(5076, stats.classes);
    assertEquals(300_000_000L, stats.rssBytes);
    assertEquals(250_000_000L, stats.rssOutsideHeapBytes());
  }

  @Test
  void aFieldIsMatchedByItsWholeName() {
    // "threads" must not be read from a field whose name ends in it
    AppStats stats =
        AppStats.parse("heap_used_bytes=1 heap_committed_bytes=2 daemon_threads=7 threads=9 classes=3", 10);
    assertEquals(9, stats.threads);
  }

  @Test
  void anAppWithoutTheCommittedHeapIsAnError() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> AppStats.parse("heap_used_bytes=1 threads=2 classes=3", 10));
    assertEquals("no heap_committed_bytes in heap_used_bytes=1 threads=2 classes=3", e.getMessage());
  }
}
