package dev.lantern.agent.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the agent's own (relocated) SLF4J: installed directly as the agent's
 * logger factory ({@code AgentLoggers}), and found by SLF4J's ServiceLoader in the agent class
 * loader should anything call {@code LoggerFactory}. It cannot pick up the application's Logback
 * or Log4j: those are invisible from there, which is the point.
 */
public final class LanternLoggerProvider implements SLF4JServiceProvider, ILoggerFactory {

  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return this;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  @Override
  public Logger getLogger(String name) {
    Logger logger = loggers.get(name);
    if (logger == null) {
      Logger created = new LanternLogger(name);
      logger = loggers.putIfAbsent(name, created);
      if (logger == null) {
        logger = created;
      }
    }
    return logger;
  }
}
