package dev.lantern.agent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class AgentLoggingTest {

  private static String time(LocalDateTime t) {
    StringBuilder b = new StringBuilder();
    AgentLogging.appendTime(b, t.toInstant(ZoneOffset.UTC).toEpochMilli());
    return b.toString();
  }

  @Test
  void timesArePaddedToHoursMinutesSecondsAndMillis() {
    assertEquals("00:00:00.000", time(LocalDateTime.of(2026, 11, 24, 0, 0)));
    assertEquals("09:05:07.042", time(LocalDateTime.of(2026, 11, 24, 9, 5, 7, 42_999_999)));
    assertEquals("23:59:59.999", time(LocalDateTime.of(2026, 11, 24, 23, 59, 59, 999_999_999)));
    assertEquals("23:59:59.999", time(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000)), "before 1970");
  }

  @Test
  void aLineIsStampedWithTheLocalTimeOfTheDefaultZone() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AgentLogging.output(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String before;
    String after;
    try {
      before = java.time.LocalTime.now().toString().substring(0, 5); // HH:mm
      AgentLogging.write(Level.INFO, "a.b.Logger", "now", null);
      after = java.time.LocalTime.now().toString().substring(0, 5);
    } finally {
      AgentLogging.output(System.err);
    }
    String stamped = bytes.toString(StandardCharsets.UTF_8).substring(0, 5);
    assertTrue(stamped.equals(before) || stamped.equals(after), stamped + " vs " + before);
  }

  @Test
  void aLineCarriesTimeTagLevelAndMessage() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AgentLogging.output(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      AgentLogging.write(Level.WARN, "a.b.Logger", "hello", null);
    } finally {
      AgentLogging.output(System.err);
    }
    String line = bytes.toString(StandardCharsets.UTF_8).trim();
    assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d \\[lantern\\] WARN hello"), line);
  }
}
