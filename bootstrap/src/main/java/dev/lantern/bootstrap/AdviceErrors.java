package dev.lantern.bootstrap;

/**
 * Receives every throwable that advice throws or that linking advice fails with.
 *
 * <p>Woven code catches anything the advice throws and calls {@link #handle} with the name of the
 * instrumentation, so the application never sees it. The agent core installs a {@link Handler}
 * that logs the first error of each instrumentation and counts all of them.
 */
public final class AdviceErrors {

  /** Implemented by the agent core. */
  public interface Handler {
    void onError(String instrumentation, Throwable error);
  }

  private static volatile Handler handler;

  private AdviceErrors() {}

  public static synchronized void setHandler(Handler newHandler) {
    if (handler == null) {
      handler = newHandler;
    }
  }

  /** Called by woven code; must never throw. */
  public static void handle(Throwable error, String instrumentation) {
    try {
      Handler current = handler;
      if (current != null) {
        current.onError(instrumentation, error);
      }
    } catch (Throwable ignored) {
      // nothing may escape into the application
    }
  }
}
