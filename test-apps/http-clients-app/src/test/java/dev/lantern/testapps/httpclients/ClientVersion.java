package dev.lantern.testapps.httpclients;

import dev.lantern.testing.ForkedJvm;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The class paths the app runs with: the module's own dependencies (OkHttp 4, Apache HttpClient
 * 4.5 and 5 newest, Spring), or with one library swapped for another version copied by Maven to
 * {@code target/client-versions/<dir>}.
 */
enum ClientVersion {
  DEFAULT(null, "okhttp " + prop("okhttp4") + ", httpclient5 " + prop("httpclient5")),
  OKHTTP3("okhttp3", "okhttp " + prop("okhttp3"), "okhttp-", "okio-", "kotlin-", "annotations-"),
  OKHTTP5("okhttp5", "okhttp " + prop("okhttp5"), "okhttp-", "okio-", "kotlin-", "annotations-"),
  HTTPCLIENT5_OLD("httpclient5-old", "httpclient5 " + prop("httpclient5-old"), "httpclient5-", "httpcore5-");

  /** Test-only jars stay off the app's class path so it looks like a real service's. */
  private static final String[] TEST_JARS = {
    "junit-", "apiguardian-", "opentest4j-", "lantern-test-support", "protobuf-", "opentelemetry-",
    "test-classes", "lantern-agent", "lantern-bootstrap"
  };

  private final String directory;
  private final String description;
  private final String[] replacedJarPrefixes;

  ClientVersion(String directory, String description, String... replacedJarPrefixes) {
    this.directory = directory;
    this.description = description;
    this.replacedJarPrefixes = replacedJarPrefixes;
  }

  String classpath() {
    String base = ForkedJvm.classpathOf(
        Stream.concat(Arrays.stream(TEST_JARS), Arrays.stream(replacedJarPrefixes)).toArray(String[]::new));
    if (directory == null) {
      return base;
    }
    Path dir = Path.of(System.getProperty("lantern.test.clientVersions"), directory);
    try (Stream<Path> jars = Files.list(dir)) {
      return base + File.pathSeparator
          + jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
    } catch (IOException e) {
      throw new UncheckedIOException("run through Maven, which copies the jars to " + dir, e);
    }
  }

  @Override
  public String toString() {
    return description;
  }

  private static String prop(String library) {
    return System.getProperty("lantern.test." + library + ".version", "?");
  }
}
