package dev.lantern.demo.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Debian tools the ops tests run: promtool and prometheus (package {@code prometheus}) and
 * chromium. A missing tool fails the test with how to install it; it never skips.
 */
public final class Tools {

  private Tools() {}

  /** Result of a finished command. */
  public record Run(int exitCode, String output) {}

  /** The tool on the PATH (or /usr/bin). */
  public static Path require(String tool, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return Path.of(dir, tool);
      }
    }
    throw new AssertionError(
        tool + " is not installed; it comes with Debian's " + debianPackage + " package: apt-get install -y "
            + debianPackage + " (.ci/run installs it)");
  }

  /** Runs a command to its end (at most {@code timeout}), stdout and stderr together. */
  public static Run run(List<String> command, Path workingDir, Duration timeout) {
    try {
      Path log = Files.createTempFile("lantern-tool", ".log");
      Process process =
          new ProcessBuilder(command).directory(workingDir == null ? null : workingDir.toFile())
              .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n" + Files.readString(log));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      return new Run(process.exitValue(), output);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
