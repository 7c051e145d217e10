package dev.lantern.demo.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the launcher started: its output is echoed line by line with a {@code [name]} prefix, its
 * ready line awaited, and it is stopped with SIGTERM (its shutdown hooks run), then killed.
 */
final class ChildJvm {

  private static final int TAIL_LINES = 40;

  private final String name;
  private final Process process;
  private final ArrayDeque<String> tail = new ArrayDeque<>();
  private final Object lock = new Object();
  private final Pattern ready;
  private String readyLine;

  private ChildJvm(String name, Process process, Pattern ready) {
    this.name = name;
    this.process = process;
    this.ready = ready;
  }

  /**
   * Starts {@code java <jvmArgs> -cp classpath mainClass args} on the launcher's own JDK; {@code
   * ready} is the line it prints once it serves.
   */
  static ChildJvm start(
      String name, List<String> jvmArgs, String classpath, String mainClass, List<String> args, Pattern ready) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    try {
      ChildJvm child = new ChildJvm(name, new ProcessBuilder(command).start(), ready);
      child.pump(child.process.getInputStream());
      child.pump(child.process.getErrorStream());
      return child;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  String name() {
    return name;
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /**
   * The ready line's match, waiting up to {@code timeout}.
   *
   * @throws IllegalStateException when the JVM exits first or the time is up, with its last lines
   */
  Matcher awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (readyLine == null) {
        long left = deadline - System.nanoTime();
        if (!process.isAlive() || left <= 0) {
          throw new IllegalStateException(
              name + (process.isAlive() ? " was not ready within " + timeout : " exited with code " + process.exitValue())
                  + "; its last lines:\n  " + String.join("\n  ", tail));
        }
        try {
          lock.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
      }
      Matcher m = ready.matcher(readyLine);
      m.find();
      return m;
    }
  }

  /** SIGTERM, then a forcible kill after {@code grace}. */
  void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.toHandle().destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        System.out.println("[" + name + "] did not stop within " + grace + ", killing it");
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void pump(InputStream stream) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  System.out.println("[" + name + "] " + line);
                  synchronized (lock) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                      tail.removeFirst();
                    }
                    if (readyLine == null && ready.matcher(line).find()) {
                      readyLine = line;
                    }
                    lock.notifyAll();
                  }
                }
              } catch (IOException closed) {
                // the process is gone
              }
            },
            "demo-output-" + name);
    reader.setDaemon(true);
    reader.start();
  }
}
