package dev.lantern.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lantern's start-up line on the app's output, e.g. {@code [lantern] INFO Lantern 0.1.0 started:
 * premain 12 ms, ready in 345 ms (3 loaded classes retransformed, start thread CPU 161 ms): ...}.
 */
final class LanternStartLine {

  static final Pattern PATTERN =
      Pattern.compile("\\[lantern\\] INFO Lantern \\S+ started: premain (\\d+) ms, ready in (\\d+) ms");
  /** Printed on Linux only (the agent reads /proc/thread-self/schedstat). */
  private static final Pattern START_THREAD_CPU =
      Pattern.compile("\\(\\d+ loaded classes retransformed, start thread CPU (\\d+) ms\\)");

  final double premainMillis;
  final double readyMillis;
  /** CPU time of the agent's start thread when it printed the line; -1 where the agent did not say. */
  final double startThreadCpuMillis;

  private LanternStartLine(double premainMillis, double readyMillis, double startThreadCpuMillis) {
    this.premainMillis = premainMillis;
    this.readyMillis = readyMillis;
    this.startThreadCpuMillis = startThreadCpuMillis;
  }

  static LanternStartLine parse(String line) {
    Matcher started = PATTERN.matcher(line);
    if (!started.find()) {
      throw new IllegalArgumentException("not Lantern's start-up line: " + line);
    }
    Matcher cpu = START_THREAD_CPU.matcher(line);
    return new LanternStartLine(
        Double.parseDouble(started.group(1)),
        Double.parseDouble(started.group(2)),
        cpu.find(started.end()) ? Double.parseDouble(cpu.group(1)) : -1);
  }
}
