package dev.lantern.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds an installed JDK of a given feature version, for running test apps on several JDKs. */
final class JdkLocator {
  static final Path JVM_DIR = Path.of("/usr/lib/jvm");
  private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"([^\"]*)\"", Pattern.MULTILINE);

  private JdkLocator() {}

  static Path javaHome(int featureVersion) {
    String property = "lantern.test.jdk" + featureVersion + ".home";
    String configured = System.getProperty(property);
    if (configured != null && !configured.isBlank()) {
      Path home = Path.of(configured);
      if (!Files.isExecutable(javaExecutable(home))) {
        throw new AssertionError(
            "-D" + property + "=" + configured + " does not point to a JDK (no bin/java)");
      }
      return home;
    }
    if (Runtime.version().feature() == featureVersion) {
      return Path.of(System.getProperty("java.home"));
    }
    List<String> seen = new ArrayList<>();
    for (Path candidate : installedJdks()) {
      Optional<String> version = releaseVersion(candidate);
      seen.add(candidate + " = " + version.orElse("?"));
      if (version.isPresent()
          && hasFeature(version.get(), featureVersion)
          && Files.isExecutable(javaExecutable(candidate))) {
        return candidate;
      }
    }
    throw new AssertionError(
        "no JDK "
            + featureVersion
            + " found: set -D"
            + property
            + "=<jdk dir> or install one under "
            + JVM_DIR
            + ". Running JVM is "
            + Runtime.version()
            + "; found "
            + seen);
  }

  static Path javaExecutable(Path javaHome) {
    return javaHome.resolve("bin").resolve("java");
  }

  private static List<Path> installedJdks() {
    if (!Files.isDirectory(JVM_DIR)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(JVM_DIR)) {
      return dirs.filter(Files::isDirectory).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + JVM_DIR, e);
    }
  }

  /** JAVA_VERSION from the JDK's {@code release} file, e.g. "25.0.1" or "1.8.0_452". */
  private static Optional<String> releaseVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return Optional.empty();
    }
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(release));
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static boolean hasFeature(String javaVersion, int feature) {
    String prefix = feature == 8 ? "1.8" : Integer.toString(feature);
    return javaVersion.equals(prefix)
        || javaVersion.startsWith(prefix + ".")
        || javaVersion.startsWith(prefix + "-")
        || javaVersion.startsWith(prefix + "_")
        || javaVersion.startsWith(prefix + "+");
  }
}
