package dev.lantern.agent.logging;

import java.io.PrintStream;
import java.time.LocalTime;
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
    appendTime(line, LocalTime.now());
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

  /** {@code HH:mm:ss.SSS}, by hand: a DateTimeFormatter loads some forty classes at start-up. */
  static void appendTime(StringBuilder line, LocalTime time) {
    twoDigits(line, time.getHour()).append(':');
    twoDigits(line, time.getMinute()).append(':');
    twoDigits(line, time.getSecond()).append('.');
    int millis = time.getNano() / 1_000_000;
    line.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
  }

  private static StringBuilder twoDigits(StringBuilder line, int value) {
    return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
