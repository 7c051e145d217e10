package dev.lantern.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupCpuTest {

  @Test
  void threadsAreGroupedByTheirKernelNames() {
    assertEquals(StartupCpu.MAIN, StartupCpu.group("java"));
    assertEquals(StartupCpu.OTHER, StartupCpu.group("main"), "a thread the application named main");
    assertEquals(StartupCpu.COMPILERS, StartupCpu.group("C2 CompilerThre"));
    assertEquals(StartupCpu.COMPILERS, StartupCpu.group("C1 CompilerThre"));
    assertEquals(StartupCpu.AGENT, StartupCpu.group("lantern-start"));
    assertEquals(StartupCpu.AGENT, StartupCpu.group("BatchSpanProces"));
    assertEquals(StartupCpu.GC, StartupCpu.group("GC Thread#0"));
    assertEquals(StartupCpu.GC, StartupCpu.group("G1 Conc#0"));
    assertEquals(StartupCpu.OTHER, StartupCpu.group("kafka-producer-"));
    assertNull(StartupCpu.group(null));
  }

  @Test
  void thisProcessHasAMainThreadAndCompilers() {
    long pid = ProcessHandle.current().pid();
    assumeTrue(Files.exists(Path.of("/proc", Long.toString(pid), "task")), "Linux /proc");
    double total =
        ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElseThrow() / 1e6;
    Map<String, Double> cpu = StartupCpu.read(pid, total);
    // surefire runs the tests on the JVM's main thread, which has loaded and run all of JUnit
    assertTrue(cpu.get(StartupCpu.MAIN) > 0, cpu.toString());
    assertTrue(cpu.get(StartupCpu.COMPILERS) > 0, cpu.toString());
    assertTrue(cpu.get(StartupCpu.OTHER) >= 0, cpu.toString());
    assertEquals(null, cpu.get(StartupCpu.AGENT), "no agent in this JVM: " + cpu);
  }

  @Test
  void aProcessThatIsGoneGivesNothing() {
    assertTrue(StartupCpu.read(Long.MAX_VALUE, 100).isEmpty());
  }
}
