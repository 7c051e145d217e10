package dev.lantern.agent;

import dev.lantern.agent.api.log.AgentLoggers;
import dev.lantern.agent.metrics.SelfMetrics;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;

/**
 * Receives what advice threw (already caught in the woven code): counts every error, logs the
 * first of each instrumentation, so a broken instrumentation shows up once, not per request.
 */
final class AdviceErrorHandler implements BiConsumer<String, Throwable> {

  private static final Logger log = AgentLoggers.get(AdviceErrorHandler.class);

  private final SelfMetrics metrics;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  AdviceErrorHandler(SelfMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void accept(String instrumentation, Throwable error) {
    metrics.adviceError(instrumentation);
    if (logged.add(instrumentation)) {
      log.warn(
          "Instrumentation {} threw {} inside an application call; the error was contained and the"
              + " call went on unobserved. Later errors of {} are only counted in"
              + " lantern_agent_advice_errors_total.",
          instrumentation,
          error.toString(),
          instrumentation);
      log.debug("First contained error of " + instrumentation, error);
    }
  }
}
