package dev.lantern.agent.api.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the agent's own code gets its SLF4J loggers.
 *
 * <p>The agent installs its logger factory first thing in premain, so no logger ever goes through
 * SLF4J's provider discovery: a ServiceLoader pass, reflection and a class-path scan for old
 * bindings, some 8 ms on the application's main thread. Without an installed factory (unit tests
 * of agent classes) SLF4J's {@link LoggerFactory} is used as usual.
 */
public final class AgentLoggers {

  private static volatile ILoggerFactory factory;

  private AgentLoggers() {}

  /** Called by the agent before anything logs. */
  public static void install(ILoggerFactory loggerFactory) {
    factory = loggerFactory;
  }

  public static Logger get(Class<?> type) {
    ILoggerFactory installed = factory;
    return installed != null ? installed.getLogger(type.getName()) : LoggerFactory.getLogger(type);
  }
}
