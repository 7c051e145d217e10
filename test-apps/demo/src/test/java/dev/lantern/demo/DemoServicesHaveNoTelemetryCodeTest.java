package dev.lantern.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The promise about the demo: no code in the services mentions tracing or metrics (the
 * agent adds all of it). Their sources import no telemetry API and name no span, tracer, meter or
 * metric; the module depends on no telemetry library.
 */
class DemoServicesHaveNoTelemetryCodeTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/lantern/demo");
  private static final List<String> SERVICE_PACKAGES = List.of("ingress", "classifier", "gateway", "common");
  private static final Pattern TELEMETRY =
      Pattern.compile(
          "dev\\.lantern\\.(?!demo\\b)|io\\.opentelemetry|io\\.prometheus|io\\.micrometer|\\bMDC\\b"
              + "|\\b(Span|Tracer|Meter|Counter|Histogram|Gauge)\\b|tracing|trace_?id|metrics?\\b",
          Pattern.CASE_INSENSITIVE);

  @Test
  void theServicesSourcesMentionNoTracingOrMetrics() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = SERVICE_PACKAGES.stream().map(SOURCES::resolve).flatMap(DemoServicesHaveNoTelemetryCodeTest::walk)) {
      files = walk.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList());
    }
    assertTrue(files.size() >= 8, "the services' sources under " + SOURCES.toAbsolutePath() + ": " + files);
    List<String> mentions = new java.util.ArrayList<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (TELEMETRY.matcher(lines.get(i)).find()) {
          mentions.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
        }
      }
    }
    assertEquals(List.of(), mentions);
  }

  @Test
  void theModuleDependsOnNoTelemetryLibrary() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    assertTrue(pom.contains("<artifactId>openai-java</artifactId>"), "read the demo's pom");
    for (String library : List.of("opentelemetry", "micrometer", "simpleclient", "prometheus-metrics", "lantern-agent-api")) {
      assertTrue(!pom.contains(library), "the demo's pom names " + library);
    }
  }

  private static Stream<Path> walk(Path dir) {
    try {
      return Files.walk(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
