package dev.lantern.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AppStatsTest {

  @Test
  void fieldsOfTheStatsBody() {
    AppStats stats =
        AppStats.parse("heap_used_bytes=9000000 threads=48 classes=5076 main_uptime_ms=65", 300_000_000L, 120_000_000L, 70_000_000L);
    assertEquals(9_000_000L, stats.heapUsedBytes);
    assertEquals(48, stats.threads);
    assertEquals(5076, stats.classes);
    assertEquals(300_000_000L, stats.rssBytes);
    assertEquals(120_000_000L, stats.rssOutsideHeapBytes);
    assertEquals(70_000_000L, stats.rssOutsideHeapAnonymousBytes);
  }

  @Test
  void aFieldIsMatchedByItsWholeName() {
    // "threads" must not be read from a field whose name ends in it
    AppStats stats = AppStats.parse("heap_used_bytes=1 daemon_threads=7 threads=9 classes=3", 10, 5, 4);
    assertEquals(9, stats.threads);
  }

  @Test
  void aMissingFieldIsAnError() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> AppStats.parse("heap_used_bytes=1 classes=3", 10, 5, 4));
    assertEquals("no threads in heap_used_bytes=1 classes=3", e.getMessage());
  }
}
