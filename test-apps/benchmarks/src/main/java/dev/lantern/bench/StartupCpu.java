package dev.lantern.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A process's CPU time by thread group, from Linux's per-thread scheduler statistics
 * ({@code /proc/PID/task/TID/schedstat}, nanoseconds on a CPU). On two cores the start-up's wall
 * time hides what runs beside the application's main thread: the compilers, an agent's own
 * threads, the collector. Read when the first request has been served, it says where an agent's
 * start-up cost lands.
 */
final class StartupCpu {

  /** The groups, in report order; what is in none of them is {@link #OTHER}. {@code main}: the thread that runs {@code main()}. */
  static final String MAIN = "main";
  static final String COMPILERS = "compilers";
  static final String AGENT = "agent";
  static final String GC = "gc";
  static final String OTHER = "other";
  static final String[] GROUPS = {MAIN, COMPILERS, AGENT, GC, OTHER};

  private StartupCpu() {}

  /**
   * Milliseconds of CPU per group. {@code other} is the process total less the listed groups, so it
   * includes threads that have already ended. Empty where {@code /proc} has no schedstat.
   */
  static Map<String, Double> read(long pid, double processTotalMillis) {
    Map<String, Double> groups = new LinkedHashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    if (!Files.isDirectory(tasks)) {
      return groups;
    }
    double listed = 0;
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        String group = group(read(thread.resolve("comm")));
        if (group == null || group.equals(OTHER)) {
          continue; // ended meanwhile; or counted in the difference to the process total, below
        }
        String schedstat = read(thread.resolve("schedstat"));
        if (schedstat == null) {
          continue; // ended meanwhile, or no scheduler statistics
        }
        double millis = Long.parseLong(schedstat.split(" ")[0]) / 1e6;
        groups.merge(group, millis, Double::sum);
        listed += millis;
      }
    } catch (IOException | RuntimeException e) {
      return new LinkedHashMap<>();
    }
    if (!groups.containsKey(MAIN)) {
      return new LinkedHashMap<>(); // not a JVM's threads as this reader knows them
    }
    groups.put(OTHER, Math.max(0, processTotalMillis - listed));
    return groups;
  }

  /** The group of a thread by its name as the kernel keeps it (the first 15 characters). */
  static String group(String comm) {
    if (comm == null) {
      return null;
    }
    if (comm.equals("java")) {
      // the JVM does not name the thread the launcher runs main() on: it keeps the process's name
      // (as does the launcher's own thread, which only waits)
      return MAIN;
    }
    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
      return COMPILERS;
    }
    // Lantern's threads are lantern-*; the OpenTelemetry agent's are named after their job
    if (comm.startsWith("lantern-") || comm.startsWith("BatchSpanProces") || comm.startsWith("PeriodicMetric")
        || comm.startsWith("otel-")) {
      return AGENT;
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
      return GC;
    }
    return OTHER;
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return null; // NoSuchFileException: the thread ended
    }
  }
}
