package dev.lantern.testing;

/** A do-nothing java agent proving that {@code ForkedJvm.Builder.agentJar} attaches an agent. */
public final class TinyAgent {
  private TinyAgent() {}

  public static void premain(String agentArgs) {
    System.out.println("tiny-agent premain ran");
  }
}
