package dev.lantern.agent.api.matcher;

import dev.lantern.agent.api.WeakStore;

/**
 * Class-loader pre-filters for {@link dev.lantern.agent.api.InstrumentationModule#classLoaderMatcher}.
 * The agent asks them for every class it inspects, so the answer is computed once per loader and
 * cached (weakly: a discarded web application's loader is not kept alive).
 *
 * <pre>{@code
 * public ElementMatcher<ClassLoader> classLoaderMatcher() {
 *   return ClassLoaderMatchers.hasClassesNamed("javax.servlet.Filter");
 * }
 * }</pre>
 */
public final class ClassLoaderMatchers {

  private ClassLoaderMatchers() {}

  /**
   * Matches loaders that can see every one of these classes (as class files: nothing is loaded). The
   * bootstrap loader (null) matches only JDK classes.
   */
  public static ElementMatcher<ClassLoader> hasClassesNamed(String... classNames) {
    return new HasClassesNamed(classNames);
  }

  /**
   * Matches loaders that hold a supported version of a library: they see {@code landmarkClass}, a
   * class the oldest supported version introduced (and later ones kept). A loader that has {@code
   * libraryClass} but not the landmark holds an older version; none of the module's instrumentation
   * is applied there, which is logged at debug level once per loader.
   *
   * <pre>{@code
   * return ClassLoaderMatchers.supportedVersion("kafka-clients", "2.0+",
   *     "org.apache.kafka.clients.producer.KafkaProducer",
   *     "org.apache.kafka.common.config.provider.ConfigProvider"); // added in 2.0
   * }</pre>
   */
  public static ElementMatcher<ClassLoader> supportedVersion(
      String module, String range, String libraryClass, String landmarkClass) {
    return new SupportedVersion(module, range, libraryClass, landmarkClass);
  }

  private static final class HasClassesNamed implements ElementMatcher<ClassLoader> {
    private final String[] resources;
    private final WeakStore<ClassLoader, Boolean> cache = new WeakStore<>();
    private volatile Boolean bootstrap;

    HasClassesNamed(String[] classNames) {
      resources = new String[classNames.length];
      for (int i = 0; i < classNames.length; i++) {
        resources[i] = classNames[i].replace('.', '/') + ".class";
      }
    }

    @Override
    public boolean matches(ClassLoader loader) {
      if (loader == null) {
        Boolean b = bootstrap;
        if (b == null) {
          b = visible(null);
          bootstrap = b;
        }
        return b;
      }
      Boolean cached = cache.get(loader);
      if (cached == null) {
        cached = cache.putIfAbsent(loader, visible(loader));
      }
      return cached;
    }

    private boolean visible(ClassLoader loader) {
      for (String resource : resources) {
        try {
          // the platform loader answers for the bootstrap loader (it delegates to it first)
          ClassLoader asked = loader == null ? ClassLoader.getPlatformClassLoader() : loader;
          boolean found = asked.getResource(resource) != null;
          if (!found) {
            return false;
          }
        } catch (RuntimeException | LinkageError e) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return "hasClassesNamed" + java.util.Arrays.toString(resources);
    }
  }
}
