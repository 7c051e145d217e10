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
  /** Lantern's start-up thread ({@code LanternThread} "start"), which ends when the agent is ready. */
  static final String LANTERN_START_THREAD = "lantern-start";

  private StartupCpu() {}

  /**
   * Milliseconds of CPU per group. {@code other} is the process total less the listed groups, so it
   * includes threads that have already ended. Empty where {@code /proc} has no schedstat.
   */
  static Reading read(long pid, double processTotalMillis) {
    Map<String, Double> groups = new LinkedHashMap<>();
    boolean startThreadRunning = false;
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    if (!Files.isDirectory(tasks)) {
      return Reading.NONE;
    }
    double listed = 0;
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        String comm = read(thread.resolve("comm"));
        String group = group(comm);
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
        startThreadRunning |= LANTERN_START_THREAD.equals(comm);
      }
    } catch (IOException | RuntimeException e) {
      return Reading.NONE;
    }
    if (!groups.containsKey(MAIN)) {
      return Reading.NONE; // not a JVM's threads as this reader knows them
    }
    groups.put(OTHER, Math.max(0, processTotalMillis - listed));
    return new Reading(groups, startThreadRunning);
  }

  /** What {@link #read} found. */
  static final class Reading {
    static final Reading NONE = new Reading(Map.of(), false);

    /** Milliseconds of CPU per group; empty where the OS does not tell. */
    final Map<String, Double> groups;
    /** Whether Lantern's start thread was still running, and so already counted under {@link #AGENT}. */
    final boolean startThreadRunning;

    Reading(Map<String, Double> groups, boolean startThreadRunning) {
      this.groups = groups;
      this.startThreadRunning = startThreadRunning;
    }

    /**
     * The groups with the CPU of Lantern's start thread under {@link #AGENT}. That thread has
     * mostly ended by the first request: /proc no longer lists it, so its CPU is in the process
     * total and lands in {@link #OTHER}; the agent prints what the thread used when it was done
     * ({@link LanternStartLine}), and that much moves from other to agent (never below zero).
     * Unchanged where the thread was still running (counted already) or the agent did not say
     * ({@code startThreadMillis} negative).
     */
    Map<String, Double> withEndedStartThreadAsAgent(double startThreadMillis) {
      Double other = groups.get(OTHER);
      if (startThreadRunning || !(startThreadMillis > 0) || other == null) {
        return groups;
      }
      double moved = Math.min(startThreadMillis, other);
      Map<String, Double> regrouped = new LinkedHashMap<>(groups);
      regrouped.put(OTHER, other - moved);
      regrouped.merge(AGENT, moved, Double::sum);
      return regrouped;
    }
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
