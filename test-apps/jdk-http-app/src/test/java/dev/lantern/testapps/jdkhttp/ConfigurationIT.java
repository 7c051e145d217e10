package dev.lantern.testapps.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration sources and precedence, switches, and what bad values do (warn once, run on). */
class ConfigurationIT {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static OtlpReceiver otlp;

  @BeforeAll
  static void startReceiver() {
    otlp = OtlpReceiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    otlp.close();
  }

  @BeforeEach
  void clear() {
    otlp.clear();
  }

  @Test
  void everyBadValueGetsOneClearWarningAndTheAppStillServes(@TempDir Path dir) throws IOException {
    Path malformed = dir.resolve("malformed.properties");
    Files.write(malformed, "lantern.service.name=\\uZZZZ\n".getBytes(StandardCharsets.ISO_8859_1));
    try (AgentApp app =
        Apps.logback(otlp, "bad-config")
            .sysProp("lantern.traces.exporter", "zipkin")
            .sysProp("lantern.traces.sampler.ratio", "7")
            .sysProp("lantern.log.level", "loud")
            .sysProp("lantern.correlation.response-header", "yes")
            .sysProp("lantern.traces.export.queue-size", "-5")
            .sysProp("lantern.metrics.jvm.enabled", "")
            .sysProp("lantern.exporter.otlp.compression", "brotli")
            .sysProp("lantern.correlation.headers", "X Bad Header")
            .sysProp("lantern.metrics.prot", "1")
            .sysProp("lantern.instrumentation.jdk-httpserverr.enabled", "true")
            .sysProp("lantern.config.file", malformed.toString())
            .env("LANTERN_CORRELATION_BAGAGE", "false")
            .start()) {
      assertEquals(200, Http.get(app.url("/hello")).status());
      otlp.awaitSpanNamed("GET /hello", WAIT); // exporter fell back to otlp, sampler to 1.0

      List<String> warnings = app.agentWarnings();
      assertWarnedOnce(warnings, "Invalid value for lantern.traces.exporter: \"zipkin\" (system property); expected one of otlp, logging, none. Using otlp.");
      assertWarnedOnce(warnings, "Invalid value for lantern.traces.sampler.ratio: \"7\" (system property); expected a number from 0.0 to 1.0. Using 1.0.");
      assertWarnedOnce(warnings, "Invalid value for lantern.log.level: \"loud\" (system property); expected one of error, warn, info, debug. Using info.");
      assertWarnedOnce(warnings, "Invalid value for lantern.correlation.response-header: \"yes\" (system property); expected true or false. Using true.");
      assertWarnedOnce(warnings, "Invalid value for lantern.traces.export.queue-size: \"-5\" (system property); expected an integer from 1 to 1000000. Using 4096.");
      assertWarnedOnce(warnings, "Invalid value for lantern.metrics.jvm.enabled: \"\" (system property); expected true or false. Using true.");
      assertWarnedOnce(warnings, "Invalid value for lantern.exporter.otlp.compression: \"brotli\" (system property); expected gzip or none. Using none.");
      assertWarnedOnce(warnings, "Invalid value for lantern.correlation.headers: \"X Bad Header\" (system property)");
      assertWarnedOnce(warnings, "Unknown setting lantern.metrics.prot (system property) is ignored; did you mean lantern.metrics.port?");
      assertWarnedOnce(warnings, "Unknown instrumentation \"jdk-httpserverr\" in lantern.instrumentation.jdk-httpserverr.enabled (system property) is ignored; did you mean \"jdk-httpserver\"?");
      assertWarnedOnce(warnings, "Unknown setting environment variable LANTERN_CORRELATION_BAGAGE is ignored; did you mean LANTERN_CORRELATION_BAGGAGE (lantern.correlation.baggage)?");
      assertWarnedOnce(warnings, "Cannot read the config file lantern.config.file=" + malformed + " (IllegalArgumentException");
      assertEquals(12, warnings.size(), "exactly one warning per problem: " + String.join("\n", warnings));
    }
  }

  @Test
  void invalidMetricsPortFallsBackToTheDefaultWithAWarning() {
    try (AgentApp app =
        Apps.logback(otlp, "bad-port")
            .metricsPortManagedByTest()
            .sysProp("lantern.metrics.port", "abc")
            .sysProp("lantern.metrics.host", "127.0.0.1")
            .start()) {
      assertWarnedOnce(app.agentWarnings(), "Invalid value for lantern.metrics.port: \"abc\" (system property); expected an integer from 0 to 65535. Using 9464.");
      assertEquals(200, Http.get(app.url("/hello")).status());
    }
  }

  @Test
  void unreadableConfigFileIsReportedAndIgnored(@TempDir Path dir) {
    try (AgentApp app =
        Apps.logback(otlp, "dir-config").sysProp("lantern.config.file", dir.toString()).start()) {
      assertWarnedOnce(app.agentWarnings(), "Cannot read the config file lantern.config.file=" + dir + ": it is a directory;");
      assertEquals(200, Http.get(app.url("/hello")).status());
    }
    try (AgentApp app =
        Apps.logback(otlp, "missing-config")
            .sysProp("lantern.config.file", dir.resolve("nope.properties").toString())
            .start()) {
      assertWarnedOnce(app.agentWarnings(), ": no such file;");
      assertEquals(200, Http.get(app.url("/hello")).status());
    }
  }

  @Test
  void systemPropertyBeatsEnvironmentBeatsFileBeatsDefault(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("lantern.properties");
    Files.writeString(
        file,
        "lantern.service.name=from-file\n"
            + "lantern.correlation.headers=X-Trace-Tag\n"
            + "lantern.metrics.jvm.enabled=false\n"
            + "lantern.resource.attributes=deployment.environment=file\n");
    try (AgentApp app =
        AgentApp.builder(Apps.MAIN)
            .classpath(Apps.logbackClasspath())
            .receiver(otlp)
            .sysProp("lantern.config.file", file.toString())
            .env("LANTERN_SERVICE_NAME", "from-env")
            .env("LANTERN_CORRELATION_HEADERS", "X-Env-Tag")
            .sysProp("lantern.correlation.headers", "X-Prop-Tag")
            .start()) {
      String correlation =
          Http.get(app.url("/hello"), Map.of("X-Prop-Tag", "p-1", "X-Env-Tag", "e-1", "X-Trace-Tag", "f-1"))
              .requireStatus(200)
              .header("X-Prop-Tag");
      assertEquals("p-1", correlation, "the system property chose the correlation header");
      ReceivedSpan span = otlp.awaitSpanNamed("GET /hello", WAIT);
      assertEquals("from-env", span.resource().get("service.name"), "env beats file");
      assertEquals("file", span.resource().get("deployment.environment"), "file beats default");
      PrometheusScrape scrape = app.scrape();
      assertFalse(scrape.has("jvm_memory_bytes_used"), "the file turned JVM metrics off");
      assertEquals(1.0, scrape.value("target_info", Map.of("service_name", "from-env", "deployment_environment", "file")));
    }
  }

  @Test
  void openTelemetrySettingsAreHonouredAndLanternOnesWinWithAWarning() {
    try (AgentApp app =
        AgentApp.builder(Apps.MAIN)
            .classpath(Apps.logbackClasspath())
            .receiver(otlp)
            .env("OTEL_SERVICE_NAME", "otel-named")
            .env("OTEL_RESOURCE_ATTRIBUTES", "team=payments,region=eu%2Dwest")
            .env("OTEL_TRACES_SAMPLER", "always_off")
            .start()) {
      Http.get(app.url("/hello")).requireStatus(200);
      Http.get(app.url("/status/200")).requireStatus(200);
      assertTrue(app.agentLines().stream().anyMatch(l -> l.contains("service=otel-named") && l.contains("sampler=always_off")),
          app.agentLines().toString());
      assertEquals(1.0, app.scrape().value("target_info", Map.of("service_name", "otel-named", "team", "payments", "region", "eu-west")));
      assertEquals(0.0, app.scrape().sum("lantern_agent_spans_started_total", Map.of()), "always_off samples nothing");
    }
    try (AgentApp app =
        AgentApp.builder(Apps.MAIN)
            .classpath(Apps.logbackClasspath())
            .receiver(otlp)
            .env("OTEL_SERVICE_NAME", "otel-named")
            .sysProp("lantern.service.name", "lantern-named")
            .start()) {
      Http.get(app.url("/hello")).requireStatus(200);
      assertEquals("lantern-named", otlp.awaitSpanNamed("GET /hello", WAIT).resource().get("service.name"));
      assertWarnedOnce(app.agentWarnings(), "Both lantern.service.name=lantern-named (system property) and OTEL_SERVICE_NAME=otel-named are set; using lantern.service.name");
    }
  }

  @Test
  void aDisabledInstrumentationLeavesNoSpanNoMetricAndNoTransform() {
    try (AgentApp app =
        Apps.logback(otlp, "switched")
            .sysProp("lantern.instrumentation.jdk-httpserver.enabled", "false")
            .sysProp("app.downstream", "http://127.0.0.1:1")
            .start()) {
      Http.get(app.url("/call-refused")).requireStatus(502);
      ReceivedSpan client = otlp.awaitSpan(s -> s.kind().equals("CLIENT"), WAIT);
      assertTrue(client.isRoot(), "no server span to be the parent");
      Http.get(app.url("/hello")).requireStatus(200);
      PrometheusScrape scrape = app.scrape();
      assertFalse(scrape.has("http_server_request_duration_seconds"), scrape.names().toString());
      assertTrue(scrape.has("http_client_request_duration_seconds"));
      assertEquals(0.0, scrape.sum("lantern_agent_transforms_total", Map.of("instrumentation", "jdk-httpserver")));
      assertTrue(scrape.sum("lantern_agent_transforms_total", Map.of("instrumentation", "java-http-client")) >= 1);
      assertEquals(0.0, scrape.value("lantern_agent_instrumentation_enabled", Map.of("instrumentation", "jdk-httpserver")));
      assertTrue(otlp.spans().stream().noneMatch(s -> s.kind().equals("SERVER")), otlp.spans().toString());
      assertTrue(app.agentLines().stream().anyMatch(l -> l.contains("off=[jdk-httpserver]")));
      assertEquals(null, Http.get(app.url("/hello")).header("X-Correlation-ID"), "no server instrumentation, no header");
    }
  }

  @Test
  void defaultEnabledFalseRunsOnlyWhatIsSwitchedOn() {
    try (AgentApp app =
        Apps.logback(otlp, "only-client")
            .sysProp("lantern.instrumentation.default-enabled", "false")
            .sysProp("lantern.instrumentation.java-http-client.enabled", "true")
            .start()) {
      // every other instrumentation is off, whichever others the agent jar holds
      assertTrue(
          app.agentLines().stream()
              .anyMatch(
                  l ->
                      l.contains("on=[java-http-client] off=[")
                          && l.contains("jdk-httpserver")
                          && l.contains("log4j2-context")
                          && l.contains("logback-mdc")),
          app.agentLines().toString());
      Http.get(app.url("/call-refused")).requireStatus(502);
      otlp.awaitSpan(s -> s.kind().equals("CLIENT"), WAIT);
      String line = Apps.logLine(app, "downstream refused: java.net.ConnectException");
      assertTrue(line.contains("trace_id= "), "logback-mdc is off: " + line);
    }
  }

  @Test
  void aTakenMetricsPortIsOneWarningAndTheAppRuns() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      try (AgentApp app =
          Apps.logback(otlp, "port-taken")
              .metricsPortManagedByTest()
              .sysProp("lantern.metrics.host", "127.0.0.1")
              .sysProp("lantern.metrics.port", Integer.toString(taken.getLocalPort()))
              .start()) {
        assertEquals(200, Http.get(app.url("/hello")).status());
        otlp.awaitSpanNamed("GET /hello", WAIT);
        app.jvm().awaitLine(java.util.regex.Pattern.compile(".*\\[lantern\\] WARN Metrics port .*"), WAIT);
        List<String> warnings = app.agentWarnings();
        assertWarnedOnce(warnings, "Metrics port 127.0.0.1:" + taken.getLocalPort() + " is not available");
        assertEquals(1, warnings.size(), warnings.toString());
      }
    }
  }

  @Test
  void metricsPortZeroTurnsTheServerOff() throws IOException {
    try (AgentApp on = Apps.logback(otlp, "with-metrics").start();
        AgentApp off =
            Apps.logback(otlp, "no-metrics")
                .metricsPortManagedByTest()
                .sysProp("lantern.metrics.port", "0")
                .start()) {
      assertTrue(off.agentLines().stream().anyMatch(l -> l.contains("metrics=off")));
      assertEquals(200, Http.get(off.url("/hello")).status());
      assertEquals(2, ListeningSockets.of(on.jvm().pid()), "the app's port and the metrics port");
      assertEquals(1, ListeningSockets.of(off.jvm().pid()), "only the app's own port");
    }
  }

  @Test
  void loggingExporterPrintsSpansOnStderr() {
    try (AgentApp app =
        Apps.logback(otlp, "logged-spans").sysProp("lantern.traces.exporter", "logging").start()) {
      Http.get(app.url("/hello")).requireStatus(200);
      String line =
          app.jvm().awaitLine(java.util.regex.Pattern.compile(".*\\[lantern\\] span 'GET /hello' kind=SERVER trace_id=[0-9a-f]{32} .*"), WAIT);
      assertTrue(line.contains("http.route=/hello"), line);
      assertTrue(app.jvm().stderr().contains(line));
      assertEquals(0, otlp.spans().size(), "nothing goes to OTLP");
    }
  }

  private static void assertWarnedOnce(List<String> warnings, String fragment) {
    List<String> matching = warnings.stream().filter(w -> w.contains(fragment)).collect(Collectors.toList());
    assertEquals(1, matching.size(), "one warning containing '" + fragment + "' in:\n" + String.join("\n", warnings));
  }
}
