package dev.lantern.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The shipped alert rules with time compressed for a test that cannot wait minutes: every
 * {@code for:} becomes 5 s and every range selector 15 s (Prometheus scrapes every second there).
 * Expressions, thresholds, labels and annotations stay the shipped ones; the shipped durations are
 * covered by promtool's unit tests (lantern-alerts.test.yml).
 */
final class FastRules {

  private static final Pattern FOR = Pattern.compile("(?m)^(\\s+for:\\s*)\\S+$");
  private static final Pattern RANGE = Pattern.compile("\\[\\d+[smhdw]\\]");

  private FastRules() {}

  static Path write(Path shipped, Path target) {
    try {
      String rules = Files.readString(shipped);
      if (!FOR.matcher(rules).find() || !RANGE.matcher(rules).find()) {
        throw new AssertionError("the rules have no for: clause or range selector to shorten; FastRules needs updating");
      }
      String fast = RANGE.matcher(FOR.matcher(rules).replaceAll(m -> m.group(1) + "5s")).replaceAll("[15s]");
      Files.writeString(target, fast);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
