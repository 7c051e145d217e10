package dev.lantern.agent.install;

import dev.lantern.agent.api.log.AgentLoggers;
import dev.lantern.agent.metrics.SelfMetrics;
import java.util.List;
import org.slf4j.Logger;

/**
 * Counts and reports the outcome of each weaving per instrumentation. A class that cannot be woven
 * is logged once and left as it was, so the application runs on with that class unobserved.
 */
public final class TransformListener {

  private static final Logger log = AgentLoggers.get(TransformListener.class);

  private final SelfMetrics metrics;

  public TransformListener(SelfMetrics metrics) {
    this.metrics = metrics;
  }

  void applied(String typeName, ClassLoader loader, List<String> modules, boolean retransformed) {
    for (String m : modules) {
      metrics.transformApplied(m);
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "Instrumented {}{} ({}) for {}",
          typeName,
          retransformed ? " (retransformed)" : "",
          loader,
          modules);
    }
  }

  void failed(String typeName, List<String> modules, Throwable error) {
    for (String m : modules) {
      metrics.transformFailed(m);
    }
    log.warn("Could not instrument {} for {}: {}. The class runs unmodified.", typeName, modules, error.toString());
    if (log.isDebugEnabled()) {
      log.debug("Transformation failure of " + typeName, error);
    }
  }

  void inspectionFailed(String typeName, Throwable error) {
    log.debug("Could not inspect {}: {}", typeName, error.toString());
  }
}
