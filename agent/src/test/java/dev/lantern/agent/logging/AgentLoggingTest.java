package dev.lantern.agent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class AgentLoggingTest {

  private static String time(LocalTime t) {
    StringBuilder b = new StringBuilder();
    AgentLogging.appendTime(b, t);
    return b.toString();
  }

  @Test
  void timesArePaddedToHoursMinutesSecondsAndMillis() {
    assertEquals("00:00:00.000", time(LocalTime.MIDNIGHT));
    assertEquals("09:05:07.042", time(LocalTime.of(9, 5, 7, 42_999_999)));
    assertEquals("23:59:59.999", time(LocalTime.of(23, 59, 59, 999_999_999)));
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
