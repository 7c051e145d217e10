package dev.lantern.demo.launcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where everything runs, from system properties with defaults meant for a developer's machine.
 * Ports that nobody types by hand (Kafka, the database) are free ports unless set.
 */
public record DemoSettings(
    Path agentJar,
    Path brokerJar,
    String classpath,
    int ingressPort,
    int gatewayPort,
    int classifierPort,
    int llmPort,
    int ingressMetricsPort,
    int classifierMetricsPort,
    int gatewayMetricsPort,
    int kafkaPort,
    int dbPort,
    long trafficIntervalMillis,
    String model,
    List<String> serviceJvmArgs) {

  public static DemoSettings fromSystemProperties() {
    String classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.isEmpty())
            .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
            .collect(Collectors.joining(File.pathSeparator));
    Path home = demoHome(classpath);
    return new DemoSettings(
        path("demo.agent.jar", home.resolve("../../../agent/target/lantern-agent.jar")),
        path("demo.kafka.broker-jar", home.resolve("infra/lantern-kafka-broker.jar")),
        classpath,
        port("demo.ingress.port", 8080),
        port("demo.gateway.port", 8081),
        port("demo.classifier.port", 8082),
        port("demo.llm.port", 8089),
        port("demo.ingress.metrics.port", 9464),
        port("demo.classifier.metrics.port", 9465),
        port("demo.gateway.metrics.port", 9466),
        port("demo.kafka.port", 0),
        port("demo.db.port", freePort()),
        Long.getLong("demo.traffic.interval-ms", 2000),
        System.getProperty("demo.llm.model", "gpt-4o-mini"),
        Arrays.stream(System.getProperty("demo.service.jvm-args", "").split("\\s+"))
            .filter(arg -> !arg.isEmpty())
            .collect(Collectors.toList()));
  }

  /** Checks what must exist before anything starts, with the command that builds it. */
  public void requireBuilt() {
    for (Path jar : List.of(agentJar, brokerJar)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar + " does not exist; build it with ./run-demo.sh (or mvn -B -DskipTests -pl agent,test-apps/demo -am package),"
                + " or name it with -Ddemo.agent.jar / -Ddemo.kafka.broker-jar");
      }
    }
  }

  /** The directory of the demo jar (test-apps/demo/target), or the working directory. */
  private static Path demoHome(String classpath) {
    for (String entry : classpath.split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (path.getFileName() != null && path.getFileName().toString().startsWith("lantern-demo")) {
        return path.getParent();
      }
    }
    return Path.of("").toAbsolutePath();
  }

  private static Path path(String property, Path fallback) {
    String value = System.getProperty(property);
    return (value == null ? fallback : Path.of(value)).toAbsolutePath().normalize();
  }

  private static int port(String property, int fallback) {
    return Integer.getInteger(property, fallback);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
