package dev.lantern.agent.install;

import dev.lantern.bootstrap.AgentClassLoader;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the weaving is ready, retransforms the classes that were loaded before (while the agent was
 * starting in the background, or before an attach) and that an instrumentation matches.
 *
 * <p>A class that went through the transformer just before the weaving was ready may not be
 * defined yet when the loaded classes are listed; the transformer remembers those, and each one
 * missing from the list is looked up in its loader (which waits for its definition to finish) and
 * retransformed too.
 */
public final class Retransformer {

  private static final Logger log = LoggerFactory.getLogger(Retransformer.class);

  private Retransformer() {}

  /** Returns how many classes were retransformed. */
  public static int retransformLoadedClasses(
      Instrumentation inst, Weaving weaving, LanternTransformer transformer) {
    return retransformLoadedClasses(inst, weaving::matchesLoaded, transformer);
  }

  static int retransformLoadedClasses(
      Instrumentation inst, Predicate<Class<?>> weaving, LanternTransformer transformer) {
    Set<Class<?>> listed = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Class<?>> matching = new ArrayList<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      listed.add(type);
      if (matches(inst, weaving, type)) {
        matching.add(type);
      }
    }
    addPassedEarly(inst, weaving, transformer, listed, matching);
    retransform(inst, matching);
    // a thread that found the weaving not ready may have recorded its class only meanwhile
    List<Class<?>> late = new ArrayList<>();
    addPassedEarly(inst, weaving, transformer, listed, late);
    retransform(inst, late);
    return matching.size() + late.size();
  }

  private static void addPassedEarly(
      Instrumentation inst,
      Predicate<Class<?>> weaving,
      LanternTransformer transformer,
      Set<Class<?>> listed,
      List<Class<?>> matching) {
    for (LanternTransformer.PassedEarly early : transformer.drainPassedEarly()) {
      Class<?> type = definedClass(early);
      if (type != null && listed.add(type) && matches(inst, weaving, type)) {
        matching.add(type);
      }
    }
  }

  private static void retransform(Instrumentation inst, List<Class<?>> types) {
    for (Class<?> type : types) {
      try {
        inst.retransformClasses(type);
      } catch (Throwable t) {
        log.warn("Could not retransform {}: {}. It runs unmodified.", type.getName(), t.toString());
      }
    }
  }

  private static boolean matches(Instrumentation inst, Predicate<Class<?>> weaving, Class<?> type) {
    try {
      return !type.isArray()
          && !type.isPrimitive()
          && !(type.getClassLoader() instanceof AgentClassLoader)
          && !(type.getClassLoader() instanceof InstrumentationClassLoader)
          && !IgnoredTypes.isIgnored(type.getName().replace('.', '/'))
          && inst.isModifiableClass(type)
          && weaving.test(type);
    } catch (Throwable t) {
      log.debug("Could not inspect loaded class {}: {}", type.getName(), t.toString());
      return false;
    }
  }

  /** The class as its loader defined it, without initializing it; null when it is not there. */
  private static Class<?> definedClass(LanternTransformer.PassedEarly early) {
    try {
      Optional<ClassLoader> loader = early.loader();
      if (!early.isBootstrap() && !loader.isPresent()) {
        return null;
      }
      return Class.forName(early.name, false, loader.orElse(null));
    } catch (Throwable notThere) {
      return null;
    }
  }
}
