package dev.lantern.testapps.kafka;

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
 * Starts the ingress and the processor under the agent with one kafka-clients version each. Their
 * class path is built explicitly (app classes, SLF4J and Logback, the chosen kafka-clients jar):
 * the test JVM's own class path holds the broker and its kafka-clients 4.1.
 */
final class KafkaApps {

  static final String V2 = "2.8.2";
  static final String V3 = "3.9.1";
  static final String V4 = "4.1.1";

  private KafkaApps() {}

  static String classpath(String kafkaVersion) {
    return classpath(kafkaVersion, false);
  }

  static String classpath(String kafkaVersion, boolean spring) {
    List<String> entries = new ArrayList<>();
    entries.add(System.getProperty("lantern.kafka.appClasses"));
    entries.addAll(jars(Path.of(System.getProperty("lantern.kafka.appLibs"))));
    if (spring) {
      entries.addAll(jars(Path.of(System.getProperty("lantern.kafka.springLibs"))));
    }
    List<String> clients = jars(Path.of(System.getProperty("lantern.kafka.clientsDir"), kafkaVersion));
    if (clients.size() != 1) {
      throw new AssertionError("expected one kafka-clients " + kafkaVersion + " jar: " + clients);
    }
    entries.addAll(clients);
    return String.join(File.pathSeparator, entries);
  }

  private static List<String> jars(Path dir) {
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

  static AgentApp.Builder ingress(OtlpReceiver otlp, String kafkaVersion, String bootstrap) {
    return AgentApp.builder(IngressApp.class.getName())
        .classpath(classpath(kafkaVersion))
        .receiver(otlp)
        .serviceName("ingress")
        .sysProp("app.bootstrap", bootstrap);
  }

  static AgentApp.Builder processor(
      OtlpReceiver otlp,
      String kafkaVersion,
      String bootstrap,
      String topic,
      String group,
      String downstream) {
    return processor(otlp, kafkaVersion, bootstrap, topic, group, downstream, false);
  }

  /** The processor; {@code spring}: as a Spring Kafka record listener ({@link SpringProcessorApp}). */
  static AgentApp.Builder processor(
      OtlpReceiver otlp,
      String kafkaVersion,
      String bootstrap,
      String topic,
      String group,
      String downstream,
      boolean spring) {
    String main = spring ? SpringProcessorApp.class.getName() : ProcessorApp.class.getName();
    return AgentApp.builder(main)
        .classpath(classpath(kafkaVersion, spring))
        .receiver(otlp)
        .serviceName("processor")
        .sysProp("app.bootstrap", bootstrap)
        .sysProp("app.topic", topic)
        .sysProp("app.group", group)
        .sysProp("app.downstream", downstream);
  }
}
