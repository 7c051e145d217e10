package dev.lantern.agent.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.LanternThread;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What escapes an agent thread goes to the agent's log, not to the application's stderr. */
class AgentThreadFailureTest {

  @Test
  void anExceptionEscapingAnAgentThreadIsLoggedByTheAgent() throws Exception {
    ByteArrayOutputStream agentLog = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    AgentLogging.output(new PrintStream(agentLog, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      Thread thread =
          new LanternThread(
              "doomed",
              () -> {
                throw new NoSuchMethodError("a mismatched agent class");
              });
      thread.start();
      thread.join();
    } finally {
      System.setErr(originalErr);
      AgentLogging.output(originalErr);
    }
    String logged = agentLog.toString(StandardCharsets.UTF_8);
    assertTrue(
        logged.contains("[lantern] ERROR Agent thread lantern-doomed stopped: java.lang.NoSuchMethodError"),
        logged);
    assertEquals("", stderr.toString(StandardCharsets.UTF_8), "nothing printed by the JVM's default handler");
  }
}
