package dev.lantern.demo;

import dev.lantern.demo.launcher.Demo;
import dev.lantern.demo.launcher.DemoSettings;

/**
 * The demo launcher (run without the agent): starts the infrastructure and the ingress,
 * classifier and gateway services under the agent, generates a little traffic and prints where
 * to look. Ctrl-C (or SIGTERM) stops every process it started. Settings are {@code demo.*} system
 * properties, see {@link DemoSettings}; {@code LANTERN_*} environment variables reach every service.
 */
public final class DemoMain {

  private DemoMain() {}

  public static void main(String[] args) throws InterruptedException {
    Demo demo = new Demo(DemoSettings.fromSystemProperties());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("stopping the demo ...");
                  demo.stop();
                  System.out.println("demo stopped");
                },
                "demo-shutdown"));
    try {
      demo.start();
    } catch (RuntimeException e) {
      System.err.println("the demo could not start: " + e.getMessage());
      System.exit(1);
    }
    dev.lantern.demo.launcher.Guide.print(demo, System.out);
    Thread.currentThread().join();
  }
}
