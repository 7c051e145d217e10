package dev.lantern.agent.install;

import dev.lantern.bootstrap.AgentClassLoader;

/**
 * Defines the advice and helper classes of the instrumentations next to the library they
 * instrument: one such loader per application class loader that has woven classes.
 *
 * <p>Its parent is the application loader, so advice and helpers see the library's classes
 * exactly as the application does (and can implement its interfaces, e.g. wrap a callback).
 * {@code dev.lantern.instrumentation.*} classes are defined here from the agent jar; the agent
 * API and the relocated libraries it exposes ({@code dev.lantern.agent.api.*}, {@code
 * dev.lantern.shaded.*}) are delegated to the agent class loader, so state such as the tracer and
 * metrics is shared across all application loaders. Nothing is injected into the application's
 * own loader.
 */
final class InstrumentationClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private static final String INSTRUMENTATION = "dev.lantern.instrumentation.";
  private static final String AGENT_API = "dev.lantern.agent.api.";
  private static final String SHADED = "dev.lantern.shaded.";

  private final AgentClassLoader agent;

  InstrumentationClassLoader(ClassLoader parent, AgentClassLoader agent) {
    super("lantern-instrumentation", parent);
    this.agent = agent;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        if (name.startsWith(INSTRUMENTATION)) {
          loaded = defineFromAgentJar(name);
        } else if (name.startsWith(AGENT_API) || name.startsWith(SHADED)) {
          loaded = agent.loadClass(name);
        } else {
          loaded = super.loadClass(name, false);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private Class<?> defineFromAgentJar(String name) throws ClassNotFoundException {
    byte[] bytes = agent.classBytes(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    int dot = name.lastIndexOf('.');
    String pkg = name.substring(0, dot);
    if (getDefinedPackage(pkg) == null) {
      try {
        definePackage(pkg, null, null, null, null, null, null, null);
      } catch (IllegalArgumentException concurrentlyDefined) {
        // fine
      }
    }
    return defineClass(name, bytes, 0, bytes.length, agent.protectionDomain());
  }
}
