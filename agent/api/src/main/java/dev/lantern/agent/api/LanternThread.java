package dev.lantern.agent.api;

import dev.lantern.agent.api.log.AgentLoggers;

/**
 * A daemon thread owned by the agent (span export, metrics server). Instrumentations skip work
 * done on these threads, so the agent never traces its own export calls. What escapes its task is
 * logged by the agent, never printed on the application's stderr by the JVM's default handler.
 */
public final class LanternThread extends Thread {

  public LanternThread(String name, Runnable task) {
    super(task, "lantern-" + name);
    setDaemon(true);
    setContextClassLoader(null);
    setUncaughtExceptionHandler(LogUncaught.INSTANCE);
  }

  /** A class, not a lambda: lambdas cost a class spin each at start-up, when the agent starts. */
  private static final class LogUncaught implements UncaughtExceptionHandler {
    static final LogUncaught INSTANCE = new LogUncaught();

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
      AgentLoggers.get(LanternThread.class)
          .error("Agent thread {} stopped: {}", thread.getName(), error.toString(), error);
    }
  }

  public static boolean isCurrent() {
    return Thread.currentThread() instanceof LanternThread;
  }
}
