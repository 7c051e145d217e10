package dev.lantern.bootstrap;

import java.util.function.BiConsumer;

/**
 * Receives every throwable that advice throws or that linking advice fails with.
 *
 * <p>Defined by the agent as {@code java.lang.LanternAdviceErrors} in the bootstrap class loader
 * (see {@link IndyBootstrap}). Woven code catches anything the advice throws and calls {@link
 * #handle} with the name of the instrumentation, so the application never sees it. The agent core
 * installs a handler that logs the first error of each instrumentation and counts all of them.
 */
public final class AdviceErrors {

  private static volatile BiConsumer<String, Throwable> handler;

  private AdviceErrors() {}

  public static synchronized void setHandler(BiConsumer<String, Throwable> newHandler) {
    if (handler == null) {
      handler = newHandler;
    }
  }

  /** Called by woven code; must never throw. */
  public static void handle(Throwable error, String instrumentation) {
    try {
      BiConsumer<String, Throwable> current = handler;
      if (current != null) {
        current.accept(instrumentation, error);
      }
    } catch (Throwable ignored) {
      // nothing may escape into the application
    }
  }
}
