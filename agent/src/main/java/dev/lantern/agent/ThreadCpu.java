package dev.lantern.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time of the calling thread, read from Linux's per-thread scheduler statistics. The
 * management beans would say the same but load some hundred classes while the application
 * starts; this is one small file read. Other systems: unknown.
 */
final class ThreadCpu {

  private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

  private ThreadCpu() {}

  /** Nanoseconds the calling thread has run on a CPU, or -1 where the system does not say. */
  static long currentThreadNanos() {
    try {
      String stat = new String(Files.readAllBytes(SCHEDSTAT), StandardCharsets.US_ASCII);
      int end = stat.indexOf(' ');
      return Long.parseLong(end < 0 ? stat.trim() : stat.substring(0, end));
    } catch (IOException | RuntimeException unavailable) {
      return -1;
    }
  }

  /** ", start thread CPU 123 ms" for the start-up line, or "" where the time is unknown. */
  static String describe(long nanos) {
    return nanos < 0 ? "" : ", start thread CPU " + nanos / 1_000_000 + " ms";
  }
}
