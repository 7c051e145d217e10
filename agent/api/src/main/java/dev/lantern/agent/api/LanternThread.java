package dev.lantern.agent.api;

import org.slf4j.LoggerFactory;

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
    setUncaughtExceptionHandler(
        (thread, error) ->
            LoggerFactory.getLogger(LanternThread.class)
                .error("Agent thread {} stopped: {}", thread.getName(), error.toString(), error));
  }

  public static boolean isCurrent() {
    return Thread.currentThread() instanceof LanternThread;
  }
}
