package dev.lantern.agent.install;

import dev.lantern.agent.metrics.SelfMetrics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and reports the outcome of each transformation per instrumentation. ByteBuddy would
 * otherwise swallow transformation errors; here each failed type is logged once and left as it
 * was, so the application runs on with that class unobserved.
 */
final class TransformListener extends AgentBuilder.Listener.Adapter {

  private static final Logger log = LoggerFactory.getLogger(TransformListener.class);

  /** Which instrumentations matched a type, recorded by the transformer, read on outcome. */
  private final Map<String, Set<String>> modulesByType = new ConcurrentHashMap<>();
  private final SelfMetrics metrics;

  TransformListener(SelfMetrics metrics) {
    this.metrics = metrics;
  }

  void matched(String typeName, String module) {
    modulesByType.computeIfAbsent(typeName, k -> ConcurrentHashMap.newKeySet()).add(module);
  }

  @Override
  public void onTransformation(
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      boolean loaded,
      DynamicType dynamicType) {
    Set<String> modules = modulesByType.get(type.getName());
    if (modules != null) {
      for (String m : modules) {
        metrics.transformApplied(m);
      }
    }
    if (log.isDebugEnabled()) {
      log.debug("Instrumented {} ({}) for {}", type.getName(), loader, modules);
    }
  }

  @Override
  public void onError(
      String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    Set<String> modules = modulesByType.get(typeName);
    if (modules == null) {
      log.debug("Could not inspect {}: {}", typeName, error.toString());
      return;
    }
    for (String m : modules) {
      metrics.transformFailed(m);
    }
    log.warn(
        "Could not instrument {} for {}: {}. The class runs unmodified.",
        typeName,
        modules,
        error.toString());
    if (log.isDebugEnabled()) {
      log.debug("Transformation failure of " + typeName, error);
    }
  }
}
