package dev.lantern.agent.install;

import dev.lantern.agent.api.log.AgentLoggers;
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

  private static final Logger log = AgentLoggers.get(Retransformer.class);

  private Retransformer() {}

  /** Returns how many classes were retransformed. */
  public static int retransformLoadedClasses(
      Instrumentation inst, Weaving weaving, LanternTransformer transformer) {
    return retransformLoadedClasses(inst, weaving::matchesLoaded, transformer);
  }

  static int retransformLoadedClasses(
      Instrumentation inst, Predicate<Class<?>> weaving, LanternTransformer transformer) {
    long start = System.nanoTime();
    Set<Class<?>> listed = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Class<?>> matching = new ArrayList<>();
    Class<?>[] loaded = inst.getAllLoadedClasses();
    long listedAt = System.nanoTime();
    for (Class<?> type : loaded) {
      listed.add(type);
      if (matches(inst, weaving, type)) {
        matching.add(type);
      }
    }
    long matchedAt = System.nanoTime();
    addPassedEarly(inst, weaving, transformer, listed, matching);
    long earlyAt = System.nanoTime();
    retransform(inst, matching);
    if (log.isDebugEnabled()) {
      log.debug(
          "Retransformation: {} loaded classes listed in {} ms, checked in {} ms, late ones in {} ms,"
              + " {} retransformed in {} ms",
          loaded.length, (listedAt - start) / 1_000_000, (matchedAt - listedAt) / 1_000_000,
          (earlyAt - matchedAt) / 1_000_000, matching.size(), (System.nanoTime() - earlyAt) / 1_000_000);
    }
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
      // cheapest first: most loaded classes are the JDK's and end at the name check
      return !type.isArray()
          && !type.isPrimitive()
          && !IgnoredTypes.isIgnored(type.getName())
          && !(type.getClassLoader() instanceof AgentClassLoader)
          && !(type.getClassLoader() instanceof InstrumentationClassLoader)
          && weaving.test(type)
          && inst.isModifiableClass(type);
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
