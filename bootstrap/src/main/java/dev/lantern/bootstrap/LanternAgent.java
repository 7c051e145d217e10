package dev.lantern.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URI;
import java.security.CodeSource;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class} and {@code Agent-Class} of the agent jar.
 *
 * <p>This class is loaded by the system class loader (the JVM puts the agent jar on the class
 * path), so it does as little as possible: it appends the agent jar to the bootstrap class path,
 * so that the dispatcher classes in this package are defined once, by the bootstrap loader, and
 * visible to every class the agent weaves, and then hands over to {@link AgentLoader} loaded from
 * there. It touches no other class of the agent before the append, and it never throws into the
 * application: a failure prints one line and the application starts without the agent.
 */
public final class LanternAgent {

  private LanternAgent() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  private static void start(String args, Instrumentation inst, boolean attached) {
    long startNanos = System.nanoTime();
    try {
      File jar = agentJar();
      inst.appendToBootstrapClassLoaderSearch(new JarFile(jar, false));
      // Explicitly from the bootstrap loader: never a second copy in the system class loader.
      Class<?> loader = Class.forName("dev.lantern.bootstrap.AgentLoader", true, null);
      Method startMethod =
          loader.getMethod(
              "start", Instrumentation.class, String.class, File.class, long.class, boolean.class);
      startMethod.invoke(null, inst, args, jar, startNanos, attached);
    } catch (Throwable t) {
      Throwable cause = t.getCause() != null ? t.getCause() : t;
      System.err.println(
          "[lantern] ERROR the agent could not start; the application runs without it: " + cause);
    }
  }

  private static File agentJar() throws Exception {
    CodeSource source = LanternAgent.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new IllegalStateException("cannot locate the agent jar");
    }
    File jar = new File(new URI(source.getLocation().toString()));
    if (!jar.isFile()) {
      throw new IllegalStateException("the agent must run from its jar, not from " + jar);
    }
    try (JarFile jarFile = new JarFile(jar, false)) {
      // Guard against our classes having been repackaged into an application uber-jar.
      String premain =
          jarFile.getManifest() == null
              ? null
              : jarFile.getManifest().getMainAttributes().getValue("Premain-Class");
      if (!LanternAgent.class.getName().equals(premain)) {
        throw new IllegalStateException(
            jar + " is not the Lantern agent jar (no Premain-Class); was it repackaged?");
      }
    }
    return jar;
  }
}
