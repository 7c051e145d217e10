package dev.lantern.agent.install;

import dev.lantern.bootstrap.AgentClassLoader;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the weaving is ready, retransforms the classes that were loaded before (while the agent was
 * starting in the background, or before an attach) and that an instrumentation matches.
 */
public final class Retransformer {

  private static final Logger log = LoggerFactory.getLogger(Retransformer.class);

  private Retransformer() {}

  /** Returns how many classes were retransformed. */
  public static int retransformLoadedClasses(Instrumentation inst, Weaving weaving) {
    List<Class<?>> matching = new ArrayList<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      try {
        if (type.isArray()
            || type.isPrimitive()
            || type.getClassLoader() instanceof AgentClassLoader
            || type.getClassLoader() instanceof InstrumentationClassLoader
            || IgnoredTypes.isIgnored(type.getName().replace('.', '/'))
            || !inst.isModifiableClass(type)) {
          continue;
        }
        if (weaving.matchesLoaded(type)) {
          matching.add(type);
        }
      } catch (Throwable t) {
        log.debug("Could not inspect loaded class {}: {}", type.getName(), t.toString());
      }
    }
    for (Class<?> type : matching) {
      try {
        inst.retransformClasses(type);
      } catch (Throwable t) {
        log.warn("Could not retransform {}: {}. It runs unmodified.", type.getName(), t.toString());
      }
    }
    return matching.size();
  }
}
