package dev.lantern.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Collects a child process's stdout and stderr line by line on daemon threads, echoing each line to
 * the test's stdout with a {@code [name:out]} / {@code [name:err]} prefix so Maven logs show it.
 */
final class ProcessOutput {
  private static final int MAX_LINES_IN_DUMP = 300;

  private record Line(boolean err, String text) {}

  private final String name;
  private final Object lock = new Object();
  private final List<Line> lines = new ArrayList<>();
  private int openStreams = 2;

  ProcessOutput(String name, InputStream stdout, InputStream stderr) {
    this.name = name;
    pump(stdout, false);
    pump(stderr, true);
  }

  private void pump(InputStream stream, boolean err) {
    String tag = "[" + name + (err ? ":err] " : ":out] ");
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String text;
                while ((text = in.readLine()) != null) {
                  System.out.println(tag + text);
                  synchronized (lock) {
                    lines.add(new Line(err, text));
                    lock.notifyAll();
                  }
                }
              } catch (IOException e) {
                System.out.println(tag + "<output stream failed: " + e + ">");
              } finally {
                synchronized (lock) {
                  openStreams--;
                  lock.notifyAll();
                }
              }
            },
            name + (err ? "-stderr" : "-stdout"));
    reader.setDaemon(true);
    reader.start();
  }

  List<String> stdout() {
    return select(false);
  }

  List<String> stderr() {
    return select(true);
  }

  /** Both streams in arrival order. */
  List<String> all() {
    synchronized (lock) {
      return lines.stream().map(Line::text).collect(Collectors.toUnmodifiableList());
    }
  }

  private List<String> select(boolean err) {
    synchronized (lock) {
      return lines.stream()
          .filter(l -> l.err() == err)
          .map(Line::text)
          .collect(Collectors.toUnmodifiableList());
    }
  }

  /**
   * The first line (either stream) in which {@code pattern} is found; empty when the timeout
   * passes or both streams ended without a match.
   */
  Optional<String> awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int scanned = 0;
    synchronized (lock) {
      while (true) {
        for (; scanned < lines.size(); scanned++) {
          String text = lines.get(scanned).text();
          if (pattern.matcher(text).find()) {
            return Optional.of(text);
          }
        }
        long remainingNanos = deadline - System.nanoTime();
        if (openStreams == 0 || remainingNanos <= 0) {
          return Optional.empty();
        }
        lock.wait(Math.max(1, remainingNanos / 1_000_000));
      }
    }
  }

  /** Waits until both streams reached end of file, at most {@code timeout}. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (openStreams > 0) {
        long remainingNanos = deadline - System.nanoTime();
        if (remainingNanos <= 0) {
          return false;
        }
        lock.wait(Math.max(1, remainingNanos / 1_000_000));
      }
      return true;
    }
  }

  boolean ended() {
    synchronized (lock) {
      return openStreams == 0;
    }
  }

  /** The last lines of both streams with out/err markers, for failure messages. */
  String dump() {
    synchronized (lock) {
      StringBuilder out = new StringBuilder();
      out.append("--- output of ").append(name).append(" (").append(lines.size());
      out.append(" lines) ---");
      int first = Math.max(0, lines.size() - MAX_LINES_IN_DUMP);
      if (first > 0) {
        out.append("\n… ").append(first).append(" earlier lines omitted");
      }
      for (Line line : lines.subList(first, lines.size())) {
        out.append(line.err() ? "\n[err] " : "\n[out] ").append(line.text());
      }
      return out.append("\n--- end of output ---").toString();
    }
  }
}
