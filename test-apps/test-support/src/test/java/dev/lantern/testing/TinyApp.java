package dev.lantern.testing;

/** A tiny application that {@link ForkedJvmTest} runs in a forked JVM. */
public final class TinyApp {
  private TinyApp() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("hello from stdout");
    System.err.println("hello from stderr");
    System.out.println("prop=" + System.getProperty("tiny.prop"));
    System.out.println("env=" + System.getenv("TINY_ENV"));
    System.out.println("otel-env=" + System.getenv("OTEL_SERVICE_NAME"));
    System.out.println("java.feature=" + Runtime.version().feature());
    System.out.println("args=" + String.join(",", args));
    for (String arg : args) {
      if (arg.equals("say-bye")) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(() -> System.out.println("bye from a shutdown hook")));
      } else if (arg.equals("ignore-term")) {
        // A shutdown hook that never finishes: SIGTERM alone cannot stop this JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(TinyApp::sleepForever));
      } else if (arg.equals("sleep")) {
        System.out.println("sleeping forever");
        sleepForever();
      } else if (arg.startsWith("exit=")) {
        System.exit(Integer.parseInt(arg.substring("exit=".length())));
      }
    }
  }

  private static void sleepForever() {
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
