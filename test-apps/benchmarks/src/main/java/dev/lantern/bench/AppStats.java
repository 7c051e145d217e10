package dev.lantern.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the checkout app's {@code GET /stats} reports after a GC, and the process's RSS read beside
 * it: in all, and outside the Java heap ({@link HeapRss}; -1 where the JVM did not log its heap's
 * range).
 */
final class AppStats {

  final long heapUsedBytes;
  final long threads;
  final long classes;
  final long rssBytes;
  final long rssOutsideHeapBytes;
  /** Of that, anonymous memory (not mapped files): where an agent's native memory is. */
  final long rssOutsideHeapAnonymousBytes;

  private AppStats(
      long heapUsedBytes, long threads, long classes, long rssBytes, long rssOutsideHeapBytes, long rssOutsideHeapAnonymousBytes) {
    this.heapUsedBytes = heapUsedBytes;
    this.threads = threads;
    this.classes = classes;
    this.rssBytes = rssBytes;
    this.rssOutsideHeapBytes = rssOutsideHeapBytes;
    this.rssOutsideHeapAnonymousBytes = rssOutsideHeapAnonymousBytes;
  }

  /** The body of {@code /stats} ({@code name=value} fields separated by spaces), with the RSS figures. */
  static AppStats parse(String body, long rssBytes, long rssOutsideHeapBytes, long rssOutsideHeapAnonymousBytes) {
    return new AppStats(
        field(body, "heap_used_bytes"), field(body, "threads"), field(body, "classes"), rssBytes, rssOutsideHeapBytes,
        rssOutsideHeapAnonymousBytes);
  }

  private static long field(String body, String name) {
    Matcher m = Pattern.compile("(?:^|\\s)" + name + "=(\\d+)").matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + body);
    }
    return Long.parseLong(m.group(1));
  }
}
