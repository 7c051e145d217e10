package dev.lantern.agent.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** The agent's SLF4J logger: formats the message and hands it to {@link AgentLogging}. */
final class LanternLogger extends LegacyAbstractLogger {

  private static final long serialVersionUID = 1L;

  LanternLogger(String name) {
    this.name = name;
  }

  @Override
  public boolean isTraceEnabled() {
    return false;
  }

  @Override
  public boolean isDebugEnabled() {
    return AgentLogging.enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return AgentLogging.enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return AgentLogging.enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return AgentLogging.enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    if (!AgentLogging.enabled(level)) {
      return;
    }
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    AgentLogging.write(level, name, message == null ? "null" : message, throwable);
  }
}
