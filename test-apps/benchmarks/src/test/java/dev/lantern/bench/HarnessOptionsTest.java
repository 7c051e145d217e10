package dev.lantern.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
