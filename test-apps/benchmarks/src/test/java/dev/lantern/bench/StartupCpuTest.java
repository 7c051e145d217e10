package dev.lantern.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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
    StartupCpu.Reading reading = StartupCpu.read(pid, total);
    Map<String, Double> cpu = reading.groups;
    // surefire runs the tests on the JVM's main thread, which has loaded and run all of JUnit
    assertTrue(cpu.get(StartupCpu.MAIN) > 0, cpu.toString());
    assertTrue(cpu.get(StartupCpu.COMPILERS) > 0, cpu.toString());
    assertTrue(cpu.get(StartupCpu.OTHER) >= 0, cpu.toString());
    assertEquals(null, cpu.get(StartupCpu.AGENT), "no agent in this JVM: " + cpu);
    assertFalse(reading.startThreadRunning);
  }

  @Test
  void aProcessThatIsGoneGivesNothing() {
    assertTrue(StartupCpu.read(Long.MAX_VALUE, 100).groups.isEmpty());
  }

  @Test
  void theEndedStartThreadsCpuMovesFromOtherToAgent() {
    Map<String, Double> cpu = reading(false).withEndedStartThreadAsAgent(161);
    assertEquals(2.0 + 161, cpu.get(StartupCpu.AGENT));
    assertEquals(528.0 - 161, cpu.get(StartupCpu.OTHER));
    assertEquals(667.0, cpu.get(StartupCpu.MAIN), "the other groups stay");
    assertEquals(total(reading(false).groups), total(cpu), 1e-9, "the process total stays");
  }

  @Test
  void agentIsCreatedWhenNoAgentThreadWasLive() {
    Map<String, Double> groups = new LinkedHashMap<>(Map.of(StartupCpu.MAIN, 600.0, StartupCpu.OTHER, 400.0));
    Map<String, Double> cpu = new StartupCpu.Reading(groups, false).withEndedStartThreadAsAgent(150);
    assertEquals(150.0, cpu.get(StartupCpu.AGENT));
    assertEquals(250.0, cpu.get(StartupCpu.OTHER));
  }

  @Test
  void otherNeverGoesBelowZero() {
    // the process total was read a moment before the start thread's own figure
    Map<String, Double> groups = new LinkedHashMap<>(Map.of(StartupCpu.MAIN, 600.0, StartupCpu.OTHER, 100.0));
    Map<String, Double> cpu = new StartupCpu.Reading(groups, false).withEndedStartThreadAsAgent(161);
    assertEquals(0.0, cpu.get(StartupCpu.OTHER));
    assertEquals(100.0, cpu.get(StartupCpu.AGENT));
  }

  @Test
  void nothingMovesWhenTheStartThreadWasRunningOrItsCpuIsUnknown() {
    // running: /proc listed it, so it is under agent already and other does not hold it
    assertEquals(reading(true).groups, reading(true).withEndedStartThreadAsAgent(161));
    // the agent printed no figure (no /proc/thread-self/schedstat)
    assertEquals(reading(false).groups, reading(false).withEndedStartThreadAsAgent(-1));
    // the OS told nothing
    assertTrue(StartupCpu.Reading.NONE.withEndedStartThreadAsAgent(161).isEmpty());
  }

  private static StartupCpu.Reading reading(boolean startThreadRunning) {
    Map<String, Double> groups = new LinkedHashMap<>();
    groups.put(StartupCpu.MAIN, 667.0);
    groups.put(StartupCpu.COMPILERS, 866.0);
    groups.put(StartupCpu.AGENT, 2.0);
    groups.put(StartupCpu.GC, 75.0);
    groups.put(StartupCpu.OTHER, 528.0);
    return new StartupCpu.Reading(groups, startThreadRunning);
  }

  private static double total(Map<String, Double> groups) {
    return groups.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
