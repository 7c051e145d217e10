package dev.lantern.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessOptionsTest {

  @Test
  void optionsAndTheirValues() {
    HarnessOptions o =
        HarnessOptions.parse(
            new String[] {
              "--rounds", "3", "--setups", "none, lantern-sampled", "--startup-only", "--app-jvm-arg", "-Xint",
              "--sampled-ratio", "0.25"
            });
    assertEquals(3, o.rounds);
    assertEquals(EnumSet.of(AgentSetup.NONE, AgentSetup.LANTERN_SAMPLED), o.setups);
    assertTrue(o.startupOnly);
    assertEquals(List.of("-Xint"), o.appJvmArgs);
    assertEquals(0.25, o.sampledRatio);
  }

  @Test
  void oneUnrecordedWarmUpStartByDefaultInStartUpOnlyRunsOnly() {
    assertEquals(1, HarnessOptions.parse(new String[] {"--startup-only"}).warmupStarts());
    assertEquals(0, HarnessOptions.parse(new String[] {}).warmupStarts());
    assertEquals(0, HarnessOptions.parse(new String[] {"--smoke"}).warmupStarts());
    // the order of the options does not matter
    assertEquals(3, HarnessOptions.parse(new String[] {"--warmup-starts", "3", "--startup-only"}).warmupStarts());
    assertEquals(0, HarnessOptions.parse(new String[] {"--startup-only", "--warmup-starts", "0"}).warmupStarts());
    assertEquals(2, HarnessOptions.parse(new String[] {"--warmup-starts", "2"}).warmupStarts());
    assertTrue(
        HarnessOptions.parse(new String[] {"--startup-only"}).toString().contains("unrecorded warm-up starts=1"));
    assertFalse(HarnessOptions.parse(new String[] {}).toString().contains("warm-up starts"));
  }

  @Test
  void aWarmUpStartCountMustBeANumberNotBelowZero() {
    assertEquals(
        "--warmup-starts needs a number; got \"one\"",
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--warmup-starts", "one"}))
            .getMessage());
    assertEquals(
        "--warmup-starts must be 0 or more; got -1",
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--warmup-starts", "-1"}))
            .getMessage());
    assertEquals(
        "--warmup-starts needs a value after it",
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--warmup-starts"}))
            .getMessage());
  }

  @Test
  void anUnknownSetupNamesTheSetupsThereAre() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--setups", "none,elastic"}));
    assertEquals("unknown setup \"elastic\"; the setups are none, lantern, otel, lantern-sampled", e.getMessage());
  }

  @Test
  void aMissingOrMalformedValueSaysWhich() {
    assertEquals(
        "--rounds needs a value after it",
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--rounds"})).getMessage());
    assertEquals(
        "--rate needs a number; got \"fast\"",
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--rate", "fast"}))
            .getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--fast"}))
            .getMessage()
            .startsWith("unknown option --fast; options: "));
  }
}
