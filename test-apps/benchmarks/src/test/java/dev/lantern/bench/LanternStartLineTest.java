package dev.lantern.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LanternStartLineTest {

  private static final String PREFIX = "01:21:07.123 [lantern] INFO ";

  @Test
  void premainReadyAndTheStartThreadsCpu() {
    LanternStartLine line =
        LanternStartLine.parse(
            PREFIX + "Lantern 0.1.0-SNAPSHOT started: premain 12 ms, ready in 345 ms (3 loaded classes"
                + " retransformed, start thread CPU 161 ms): service=checkout, instrumentations on=[jdbc] off=[]");
    assertEquals(12, line.premainMillis);
    assertEquals(345, line.readyMillis);
    assertEquals(161, line.startThreadCpuMillis);
  }

  @Test
  void withoutTheStartThreadsCpuItIsUnknown() {
    // systems without /proc/thread-self/schedstat, and agents from before the figure
    LanternStartLine line =
        LanternStartLine.parse(
            PREFIX + "Lantern 0.1.0-SNAPSHOT started: premain 12 ms, ready in 345 ms (3 loaded classes"
                + " retransformed): service=checkout, sampler=always_on");
    assertEquals(12, line.premainMillis);
    assertEquals(345, line.readyMillis);
    assertEquals(-1, line.startThreadCpuMillis);
  }

  @Test
  void anotherLineIsAnError() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> LanternStartLine.parse("APP_READY port=1 uptime_ms=2"))
            .getMessage()
            .startsWith("not Lantern's start-up line: "));
  }
}
