package dev.lantern.agent.api.matcher;

import dev.lantern.agent.api.WeakStore;
import dev.lantern.agent.api.log.AgentLoggers;
import org.slf4j.Logger;

/**
 * Matches class loaders that hold a supported version of a library, told by a landmark class that
 * the oldest supported version introduced. A loader that has the library but not the landmark
 * holds an older version: its classes are left exactly as they are (nothing woven, so nothing
 * half-applied), which is logged at debug level once per loader. See {@link
 * ClassLoaderMatchers#supportedVersion}.
 */
final class SupportedVersion implements ElementMatcher<ClassLoader> {

  private static final Logger log = AgentLoggers.get(SupportedVersion.class);

  private final String module;
  private final String range;
  private final String libraryResource;
  private final String landmark;
  private final ElementMatcher<ClassLoader> hasLandmark;
  private final WeakStore<ClassLoader, Object> reported = new WeakStore<>();

  SupportedVersion(String module, String range, String libraryClass, String landmarkClass) {
    this.module = module;
    this.range = range;
    this.libraryResource = libraryClass.replace('.', '/') + ".class";
    this.landmark = landmarkClass;
    this.hasLandmark = ClassLoaderMatchers.hasClassesNamed(landmarkClass);
  }

  @Override
  public boolean matches(ClassLoader loader) {
    if (hasLandmark.matches(loader)) {
      return true;
    }
    if (loader != null && reported.get(loader) == null) {
      Object mine = new Object();
      if (reported.putIfAbsent(loader, mine) == mine) {
        reportIfOlder(loader); // once per loader, by whichever thread asked first
      }
    }
    return false;
  }

  private void reportIfOlder(ClassLoader loader) {
    try {
      if (loader.getResource(libraryResource) != null) {
        log.debug(
            "{}: {} in {} is a version outside the supported range ({}: it has no {}); it is not"
                + " instrumented.",
            module,
            libraryResource.substring(0, libraryResource.length() - 6).replace('/', '.'),
            loader,
            range,
            landmark);
      }
    } catch (RuntimeException | LinkageError ignored) {
      // a loader that cannot answer is simply not instrumented
    }
  }

  @Override
  public String toString() {
    return "supportedVersion(" + module + " " + range + ", " + landmark + ")";
  }
}
