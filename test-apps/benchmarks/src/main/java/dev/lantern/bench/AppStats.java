package dev.lantern.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the checkout app's {@code GET /stats} reports after a GC, and the process's RSS read beside it. */
final class AppStats {

  final long heapUsedBytes;
  final long heapCommittedBytes;
  final long threads;
  final long classes;
  final long rssBytes;

  private AppStats(long heapUsedBytes, long heapCommittedBytes, long threads, long classes, long rssBytes) {
    this.heapUsedBytes = heapUsedBytes;
    this.heapCommittedBytes = heapCommittedBytes;
    this.threads = threads;
    this.classes = classes;
    this.rssBytes = rssBytes;
  }

  /** The body of {@code /stats} ({@code name=value} fields separated by spaces), with the RSS. */
  static AppStats parse(String body, long rssBytes) {
    return new AppStats(
        field(body, "heap_used_bytes"), field(body, "heap_committed_bytes"), field(body, "threads"),
        field(body, "classes"), rssBytes);
  }

  /**
   * RSS less the committed Java heap. How big the heap is kept is G1's choice and dominates RSS;
   * what is left (metaspace, code cache, thread stacks, the collector's and the agents' native
   * memory) compares agents fairly.
   */
  long rssOutsideHeapBytes() {
    return rssBytes - heapCommittedBytes;
  }

  private static long field(String body, String name) {
    Matcher m = Pattern.compile("(?:^|\\s)" + name + "=(\\d+)").matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + body);
    }
    return Long.parseLong(m.group(1));
  }
}
