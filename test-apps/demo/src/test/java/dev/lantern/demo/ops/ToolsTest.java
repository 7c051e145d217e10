package dev.lantern.demo.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A Debian tool that is not installed fails the test that needs it, saying how to install it. */
class ToolsTest {

  @Test
  void aMissingToolFailsWithHowToInstallIt() {
    AssertionError missing =
        assertThrows(AssertionError.class, () -> Tools.require("lantern-no-such-tool", "lantern-no-such-package"));
    assertTrue(missing.getMessage().contains("apt-get install -y lantern-no-such-package"), missing.getMessage());
  }
}
