package dev.lantern.testapps.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.Ports;
import dev.lantern.testing.ReceivedSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code lantern.*} key the agent and its instrumentations read, set to a value of the
 * wrong type, out of range, and empty (three runs), in the application that uses every
 * instrumented library: it starts and serves, and each key gets exactly one warning. Conflicting
 * {@code OTEL_*} and {@code lantern.*} settings: the lantern ones win, one warning each, and what
 * is exported shows it. (Unreadable and malformed config files: ConfigurationIT in jdk-http-app.)
 */
class BadConfigIT {

  /** Every instrumentation switch. */
  static final List<String> MODULES =
      List.of("anthropic-java", "apache-httpclient-4", "apache-httpclient-5", "hikaricp", "http-url-connection",
          "java-http-client", "jdbc", "jdk-httpserver", "jersey", "kafka-clients", "langchain4j", "log4j2-context",
          "logback-mdc", "okhttp", "openai-java", "servlet", "spring-webmvc");

  /** Key → a value of the wrong type. */
  static Map<String, String> wrongType() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("lantern.resource.attributes", "not-a-pair");
    m.put("lantern.log.level", "loud");
    m.put("lantern.instrumentation.default-enabled", "maybe");
    m.put("lantern.metrics.port", "abc");
    m.put("lantern.metrics.jvm.enabled", "1");
    m.put("lantern.metrics.exemplars.enabled", "on");
    m.put("lantern.traces.exporter", "zipkin");
    m.put("lantern.traces.sampler.ratio", "half");
    m.put("lantern.traces.export.queue-size", "big");
    m.put("lantern.traces.export.batch-size", "1.5");
    m.put("lantern.traces.export.delay-ms", "1s");
    m.put("lantern.exporter.otlp.headers", "novalue");
    m.put("lantern.exporter.otlp.timeout-ms", "ten");
    m.put("lantern.exporter.otlp.protocol", "thrift");
    m.put("lantern.exporter.otlp.compression", "brotli");
    m.put("lantern.correlation.headers", "X Bad Header");
    m.put("lantern.correlation.baggage", "sometimes");
    m.put("lantern.correlation.response-header", "yes");
    m.put("lantern.health.slow-threshold-ms", "slow");
    m.put("lantern.traceview.enabled", "y");
    m.put("lantern.traceview.max-traces", "many");
    m.put("lantern.traceview.max-spans", "lots");
    m.put("lantern.instrumentation.kafka-clients.paused-lag-refresh-ms", "soon");
    m.put("lantern.instrumentation.jdbc.query-text.enabled", "perhaps");
    m.put("lantern.instrumentation.jdbc.query-text.max-length", "long");
    m.put("lantern.genai.capture-content", "sure");
    m.put("lantern.genai.capture-content.max-length", "x");
    m.put("lantern.genai.metrics.max-models", "few");
    m.put("lantern.genai.prices.file", "/no/such/prices.properties");
    for (String module : MODULES) {
      m.put("lantern.instrumentation." + module + ".enabled", "yes");
    }
    return m;
  }

  /** Key → a value of the right type out of its range. */
  static Map<String, String> outOfRange() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("lantern.metrics.port", "70000");
    m.put("lantern.traces.sampler.ratio", "1.5");
    m.put("lantern.traces.export.queue-size", "0");
    m.put("lantern.traces.export.batch-size", "200000");
    m.put("lantern.traces.export.delay-ms", "0");
    m.put("lantern.exporter.otlp.endpoint", "ftp://127.0.0.1:4318");
    m.put("lantern.exporter.otlp.timeout-ms", "700000");
    m.put("lantern.health.slow-threshold-ms", "0");
    m.put("lantern.traceview.max-traces", "0");
    m.put("lantern.traceview.max-spans", "-1");
    m.put("lantern.instrumentation.kafka-clients.paused-lag-refresh-ms", "-1");
    m.put("lantern.instrumentation.jdbc.query-text.max-length", "10");
    m.put("lantern.genai.capture-content.max-length", "5");
    m.put("lantern.genai.metrics.max-models", "5000");
    return m;
  }

  /** Every key, empty. */
  static Map<String, String> empty() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String key : wrongType().keySet()) {
      m.put(key, "");
    }
    m.put("lantern.service.name", "");
    m.put("lantern.metrics.host", "");
    m.put("lantern.exporter.otlp.endpoint", "");
    m.put("lantern.health.ready.dependencies", "");
    m.put("lantern.config.file", "");
    return m;
  }

  @Test
  void wrongTypes() {
    check("wrong type", wrongType());
  }

  @Test
  void outOfRangeValues() {
    check("out of range", outOfRange());
  }

  @Test
  void emptyValues() {
    check("empty", empty());
  }

  private void check(String kind, Map<String, String> bad) {
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentApp.Builder builder = ReliabilityApps.underAgent(otlp, "bad-config-" + kind.replace(' ', '-'));
      bad.forEach(builder::sysProp);
      if (bad.containsKey("lantern.metrics.port")) {
        builder.metricsPortManagedByTest().sysProp("lantern.metrics.port", bad.get("lantern.metrics.port"));
      }
      try (AgentApp app = builder.start()) {
        String answer = PatientHttp.get(app.url("/work/1")).requireStatus(200).body();
        assertTrue(LoadIT.WORK.matcher(answer).matches(), answer);
        PatientHttp.get(app.url("/spread/models?from=0&n=1")).requireStatus(200);
        List<String> missing = new ArrayList<>();
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        Probe.await("a warning for every key", () -> {
          byKey.clear();
          missing.clear();
          List<String> warnings = app.agentWarnings();
          for (String key : bad.keySet()) {
            List<String> mine = warnings.stream().filter(w -> w.contains(key + ":") || w.contains(key + " ") || w.contains(key + ";") || w.contains(key + "=")).collect(Collectors.toList());
            byKey.put(key, mine);
            if (mine.isEmpty()) {
              missing.add(key);
            }
          }
          return missing;
        }, List::isEmpty);
        byKey.forEach((key, warnings) -> assertEquals(1, warnings.size(), key + ": " + warnings));
        List<String> unattributed = app.agentWarnings().stream()
            .filter(w -> bad.keySet().stream().noneMatch(w::contains))
            // an unusable endpoint falls back to the default, localhost:4318, where no collector listens
            .filter(w -> !(bad.containsKey("lantern.exporter.otlp.endpoint") && w.contains("Span export to http://localhost:4318/v1/traces failed")))
            .collect(Collectors.toList());
        assertEquals(List.of(), unattributed, "every warning names its key");
        Figures.record("Bad config", bad.size() + " keys set to values " + kind + " (system properties), every instrumentation in use",
            "the app started and served; exactly one warning per key, each naming key, value, source, what is accepted and the default used ("
                + app.agentWarnings().size() + " in all" + (app.agentWarnings().size() > bad.size() ? ", with the export failure at the default endpoint the bad one fell back to" : "") + ")");
      }
    }
  }

  @Test
  void lanternSettingsWinOverConflictingOpenTelemetryOnesWithOneWarningEach(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("lantern.properties");
    Files.writeString(file, "lantern.traces.exporter=logging\nlantern.service.name=file-name\n");
    int closed = Ports.freePort();
    Map<String, String> otel = new LinkedHashMap<>();
    otel.put("OTEL_SERVICE_NAME", "otel-name");
    otel.put("OTEL_RESOURCE_ATTRIBUTES", "team=otel,region=eu");
    otel.put("OTEL_TRACES_EXPORTER", "none");
    otel.put("OTEL_TRACES_SAMPLER", "always_off");
    otel.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closed);
    otel.put("OTEL_EXPORTER_OTLP_HEADERS", "x-source=otel");
    otel.put("OTEL_EXPORTER_OTLP_TIMEOUT", "1");
    otel.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json");
    otel.put("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip");
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentApp.Builder builder =
          ReliabilityApps.underAgent(otlp, "lantern-name")
              .sysProp("lantern.config.file", file.toString())
              .env("LANTERN_SERVICE_NAME", "env-name")
              .sysProp("lantern.resource.attributes", "team=lantern")
              .sysProp("lantern.traces.exporter", "otlp")
              .sysProp("lantern.traces.sampler.ratio", "1.0")
              .sysProp("lantern.exporter.otlp.headers", "x-source=lantern")
              .sysProp("lantern.exporter.otlp.timeout-ms", "5000")
              .sysProp("lantern.exporter.otlp.protocol", "http/protobuf")
              .sysProp("lantern.exporter.otlp.compression", "none");
      otel.forEach(builder::env);
      try (AgentApp app = builder.start()) {
        PatientHttp.get(app.url("/work/1"), Map.of("X-Correlation-ID", "precedence")).requireStatus(200);
        ReceivedSpan span = otlp.awaitSpan(s -> "precedence".equals(s.attr("lantern.correlation_id")), Probe.WAIT);
        assertEquals("lantern-name", span.resource().get("service.name"), "system property > env > file > OTEL_SERVICE_NAME");
        assertEquals("lantern", span.resource().get("team"), "lantern.resource.attributes over OTEL_RESOURCE_ATTRIBUTES");
        assertEquals("eu", span.resource().get("region"), "merged with OTEL_RESOURCE_ATTRIBUTES");
        Map<String, String> headers = otlp.requestHeaders().get(0);
        assertEquals("x-source=lantern".split("=")[1], headers.get("x-source"));
        assertEquals("application/x-protobuf", headers.get("content-type"));
        assertEquals(null, headers.get("content-encoding"));
        List<String> warnings = app.agentWarnings();
        List<String> expected =
            List.of("lantern.service.name", "lantern.traces.exporter", "lantern.traces.sampler.ratio", "lantern.exporter.otlp.endpoint",
                "lantern.exporter.otlp.headers", "lantern.exporter.otlp.timeout-ms", "lantern.exporter.otlp.protocol",
                "lantern.exporter.otlp.compression");
        for (String key : expected) {
          assertEquals(1, warnings.stream().filter(w -> w.contains("Both " + key)).count(), key + " in " + warnings);
        }
        assertEquals(expected.size(), warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.stream().noneMatch(w -> w.contains("x-source")), "header values are not shown");
        Figures.record("Bad config", "9 OTEL_* settings conflicting with lantern.* ones (service name, resource, exporter, sampler, endpoint, headers, timeout, protocol, compression), plus LANTERN_SERVICE_NAME and a config file",
            "lantern.* won every time (spans at the lantern endpoint, protobuf, uncompressed, lantern header, lantern service name over env, file and OTEL; resource attributes merged); one warning per conflict (8), none for the merge");
      }
    }
  }
}
