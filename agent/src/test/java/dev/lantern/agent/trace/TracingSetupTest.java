package dev.lantern.agent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TracingSetupTest {

  @Test
  void theProcessIdIsTheJvmsOwn() {
    assertEquals(ProcessHandle.current().pid(), TracingSetup.processId());
  }
}
