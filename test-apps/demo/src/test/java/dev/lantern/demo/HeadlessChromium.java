package dev.lantern.demo;

import dev.lantern.demo.ops.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, loading a page the way a person's browser would (HTML parsed,
 * style and any scripts applied) and handing back the resulting DOM. A fresh profile each time;
 * no network but the loopback URL it is given.
 */
final class HeadlessChromium {

  private HeadlessChromium() {}

  static String dumpDom(String url, Path workDir) {
    Path chromium = Tools.require("chromium", "chromium");
    try {
      Path profile = Files.createTempDirectory(workDir, "chromium-profile");
      Path out = workDir.resolve("dom-" + System.nanoTime() + ".html");
      Path err = workDir.resolve("chromium-" + System.nanoTime() + ".log");
      Process process =
          new ProcessBuilder(
                  List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                      "--no-first-run", "--disable-background-networking", "--disable-component-update",
                      "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                      "--dump-dom", url))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("chromium did not finish loading " + url + ":\n" + Files.readString(err));
      }
      String dom = Files.readString(out);
      if (process.exitValue() != 0 || dom.isBlank()) {
        throw new AssertionError("chromium exited " + process.exitValue() + " loading " + url + ":\n" + Files.readString(err));
      }
      return dom;
    } catch (IOException e) {
      throw new AssertionError("cannot run chromium: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
