package dev.lantern.agent.logging;

import java.io.PrintStream;
import java.util.TimeZone;
import org.slf4j.event.Level;

/**
 * Where the agent's own log lines go: stderr, each prefixed {@code [lantern]}, at the level of
 * {@code lantern.log.level}. The application's logging is never touched, and no logging framework
 * is initialised inside the application.
 */
public final class AgentLogging {

  private static volatile int threshold = Level.INFO.toInt();
  private static volatile PrintStream out = System.err;

  private AgentLogging() {}

  public static void setLevel(String level) {
    switch (level) {
      case "error":
        threshold = Level.ERROR.toInt();
        break;
      case "warn":
        threshold = Level.WARN.toInt();
        break;
      case "debug":
        threshold = Level.DEBUG.toInt();
        break;
      default:
        threshold = Level.INFO.toInt();
    }
  }

  /** Tests only: where the lines go instead of stderr. */
  static void output(PrintStream stream) {
    out = stream;
  }

  static boolean enabled(Level level) {
    return level.toInt() >= threshold;
  }

  static void write(Level level, String loggerName, String message, Throwable error) {
    StringBuilder line = new StringBuilder(64 + message.length());
    long now = System.currentTimeMillis();
    appendTime(line, now + LocalZone.ZONE.getOffset(now));
    line.append(" [lantern] ").append(level.name());
    if (threshold <= Level.DEBUG.toInt()) {
      line.append(' ').append(loggerName.substring(loggerName.lastIndexOf('.') + 1));
    }
    line.append(' ').append(message);
    PrintStream stream = out;
    synchronized (stream) {
      stream.println(line);
      if (error != null) {
        if (threshold <= Level.DEBUG.toInt()) {
          error.printStackTrace(stream);
        } else {
          stream.println("[lantern]   caused by " + error);
        }
      }
    }
  }

  /**
   * {@code HH:mm:ss.SSS} of a local time given as milliseconds since the epoch plus the zone's
   * offset, by hand: a DateTimeFormatter loads some forty classes at start-up.
   */
  static void appendTime(StringBuilder line, long localMillis) {
    int millisOfDay = (int) Math.floorMod(localMillis, 86_400_000L);
    int seconds = millisOfDay / 1000;
    twoDigits(line, seconds / 3600).append(':');
    twoDigits(line, seconds / 60 % 60).append(':');
    twoDigits(line, seconds % 60).append('.');
    int millis = millisOfDay % 1000;
    line.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
  }

  /**
   * The JVM's default time zone, read once. Through {@link TimeZone} rather than java.time: the
   * first {@code LocalTime.now()} loads the java.time zone rules as well, some 20 ms of the
   * agent's start-up thread against 6 ms for this (measured on JDK 17).
   */
  private static final class LocalZone {
    static final TimeZone ZONE = TimeZone.getDefault();
  }

  private static StringBuilder twoDigits(StringBuilder line, int value) {
    return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
