package dev.lantern.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * Creates the private {@link AgentClassLoader} and starts the agent inside it.
 *
 * <p>Loaded by the bootstrap class loader. Everything else of the agent (its core, ByteBuddy, the
 * OpenTelemetry SDK, simpleclient, SLF4J, the instrumentations) is stored in the jar under {@code
 * inst/} with a {@code .classdata} suffix, so the application's class loaders cannot see it.
 */
public final class AgentLoader {

  private static final String STARTER = "dev.lantern.agent.AgentStarter";

  private static volatile AgentClassLoader agentClassLoader;

  private AgentLoader() {}

  public static void start(
      Instrumentation inst, String args, File jar, long startNanos, boolean attached)
      throws Exception {
    if (agentClassLoader != null) {
      System.err.println("[lantern] WARN the agent is already running; ignoring a second start");
      return;
    }
    AgentClassLoader loader = new AgentClassLoader(jar);
    agentClassLoader = loader;
    Class<?> starter = loader.loadClass(STARTER);
    starter
        .getMethod(
            "start",
            Instrumentation.class,
            String.class,
            AgentClassLoader.class,
            long.class,
            boolean.class)
        .invoke(null, inst, args, loader, startNanos, attached);
  }

  /** The agent's class loader, or null before the agent started. */
  public static AgentClassLoader agentClassLoader() {
    return agentClassLoader;
  }
}
