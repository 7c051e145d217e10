package dev.lantern.testapps.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What each suite tried and measured, printed as {@code FIGURE | suite | what | result} and
 * appended to target/reliability-figures.md, from which docs/reliability.md's table is made.
 */
final class Figures {

  private static final Path FILE = Path.of("target", "reliability-figures.md");

  private Figures() {}

  static synchronized void record(String suite, String what, String result) {
    String line = "| " + suite + " (JDK " + jdk() + ") | " + what + " | " + result + " |";
    System.out.println("FIGURE " + line);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE,
          line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / 1048576.0);
  }

  /** The feature version of the JDK the forked applications run on. */
  static int jdk() {
    String configured = System.getProperty("lantern.test.jdk", "").trim();
    return configured.isEmpty() ? Runtime.version().feature() : Integer.parseInt(configured);
  }

  /** Whether the long versions run (-Dlantern.reliability.full=true). */
  static boolean full() {
    return Boolean.getBoolean("lantern.reliability.full");
  }
}
