package dev.lantern.agent.api;

/**
 * A daemon thread owned by the agent (span export, metrics server). Instrumentations skip work
 * done on these threads, so the agent never traces its own export calls.
 */
public final class LanternThread extends Thread {

  public LanternThread(String name, Runnable task) {
    super(task, "lantern-" + name);
    setDaemon(true);
    setContextClassLoader(null);
  }

  public static boolean isCurrent() {
    return Thread.currentThread() instanceof LanternThread;
  }
}
