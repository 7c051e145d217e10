package dev.lantern.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URI;
import java.security.CodeSource;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class} and {@code Agent-Class} of the agent jar.
 *
 * <p>This class and the {@link AgentClassLoader} are the only agent classes the application's
 * class loader ever loads. Premain creates the agent class loader and hands over to the agent
 * inside it. It catches everything: a failure prints one line and the application starts without
 * the agent.
 *
 * <p>The agent jar is deliberately not appended to the bootstrap class path (doing so makes the
 * JVM turn off class data sharing for application classes and print a warning). The two small
 * classes that woven code must reach from every class loader, {@link IndyBootstrap} and {@link
 * AdviceErrors}, are instead defined by the agent in {@code java.lang}, which every module reads.
 */
public final class LanternAgent {

  private static final String STARTER = "dev.lantern.agent.AgentStarter";
  private static volatile AgentClassLoader agentClassLoader;

  private LanternAgent() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  private static synchronized void start(String args, Instrumentation inst, boolean attached) {
    long startNanos = System.nanoTime();
    try {
      if (agentClassLoader != null) {
        System.err.println("[lantern] WARN the agent is already running; ignoring a second start");
        return;
      }
      AgentClassLoader loader = new AgentClassLoader(agentJar());
      agentClassLoader = loader;
      loader
          .loadClass(STARTER)
          .getMethod(
              "start",
              Instrumentation.class,
              String.class,
              AgentClassLoader.class,
              long.class,
              boolean.class)
          .invoke(null, inst, args, loader, startNanos, attached);
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
