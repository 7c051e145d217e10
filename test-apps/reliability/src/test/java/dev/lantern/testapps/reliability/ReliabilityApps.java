package dev.lantern.testapps.reliability;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.OtlpReceiver;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts {@link ReliabilityApp} in a JVM of its own: its class path is its classes and the
 * libraries Maven copied to target/app-libs (not the test JVM's, which holds the broker and the
 * LLM server), wired to the shared broker (a fresh topic) and LLM server.
 */
final class ReliabilityApps {

  static final String MAIN = ReliabilityApp.class.getName();

  private ReliabilityApps() {}

  static String classpath() {
    List<String> entries = new ArrayList<>();
    entries.add(System.getProperty("lantern.reliability.appClasses"));
    entries.addAll(jars(Path.of(System.getProperty("lantern.reliability.appLibs"))));
    return String.join(File.pathSeparator, entries);
  }

  static List<String> jars(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".jar"))
          .map(Path::toString)
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The application under the agent, exporting to {@code otlp}. */
  static AgentApp.Builder underAgent(OtlpReceiver otlp, String service) {
    return common(AgentApp.builder(MAIN)).receiver(otlp).serviceName(service);
  }

  /** The same application without the agent, for comparisons. */
  static AgentApp.Builder withoutAgent(String name) {
    return common(AgentApp.builder(MAIN)).withoutAgent().name(name);
  }

  private static AgentApp.Builder common(AgentApp.Builder builder) {
    Path log;
    try {
      log = Files.createTempFile("reliability-app", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return builder
        .classpath(classpath())
        .jvmArg("-Xmx512m")
        .sysProp("app.kafka", SharedBackends.kafka().bootstrapServers())
        .sysProp("app.topic", SharedBackends.freshTopic())
        .sysProp("app.llm", SharedBackends.llm().baseUrl())
        .sysProp("app.log.file", log.toString());
  }

  /** The Kafka topic the application sends to and consumes. */
  static String topic(AgentApp app) {
    return app.jvm().command().stream()
        .filter(a -> a.startsWith("-Dapp.topic="))
        .findFirst()
        .orElseThrow()
        .substring("-Dapp.topic=".length());
  }

  /** The application's own log file (its SLF4J lines, with the MDC the agent fills). */
  static List<String> appLog(AgentApp app) {
    String file =
        app.jvm().command().stream()
            .filter(a -> a.startsWith("-Dapp.log.file="))
            .findFirst()
            .orElseThrow()
            .substring("-Dapp.log.file=".length());
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
