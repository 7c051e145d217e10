package dev.lantern.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {

  private final List<String> warnings = new ArrayList<>();
  private final Map<String, String> props = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();

  private AgentSettings settings(String command) {
    return AgentSettings.from(LanternConfig.of(props, env, warnings::add), command);
  }

  @Test
  void defaults() {
    AgentSettings s = settings("com.acme.OrdersApp --port 1");
    assertEquals("OrdersApp", s.serviceName);
    assertEquals(9464, s.metricsPort);
    assertEquals("0.0.0.0", s.metricsHost);
    assertEquals("http://localhost:9464/metrics", s.metricsUrl());
    assertEquals("otlp", s.exporter);
    assertEquals("http://localhost:4318/v1/traces", s.otlpEndpoint);
    assertEquals("http/protobuf", s.otlpProtocol);
    assertEquals(10_000, s.otlpTimeoutMillis);
    assertFalse(s.otlpGzip);
    assertEquals("parentbased_traceidratio(1.0)", s.sampler.toString());
    assertEquals(List.of("X-Correlation-ID", "X-Request-ID"), s.correlation.headers());
    assertTrue(warnings.isEmpty(), warnings.toString());
  }

  @Test
  void theServiceNameIsTheCommandsFirstWordWhateverSeparatesIt() {
    assertEquals("OrdersApp", settings("  com.acme.OrdersApp\t--port  1").serviceName);
    assertEquals("app", settings("build/libs/app.jar\n x").serviceName);
    assertEquals("unknown_service:java", settings(" \t ").serviceName);
  }

  @Test
  void correlationHeadersMustBeHttpTokensOfAtMost64Characters() {
    props.put("lantern.correlation.headers", "X-Trace_ID.1~,x-b3!");
    assertEquals(List.of("X-Trace_ID.1~", "x-b3!"), settings("x.jar").correlation.headers());
    assertTrue(warnings.isEmpty(), warnings.toString());
    for (String bad : new String[] {"X Request", "X-Ä", "a".repeat(65), "X-A,"}) {
      warnings.clear();
      props.put("lantern.correlation.headers", bad.equals("X-A,") ? "X-A,(x)" : bad);
      assertEquals(List.of("X-Correlation-ID", "X-Request-ID"), settings("x.jar").correlation.headers(), bad);
      assertEquals(1, warnings.size(), bad + ": " + warnings);
    }
    assertTrue(AgentSettings.isHeaderName("a".repeat(64)));
    assertFalse(AgentSettings.isHeaderName(""));
  }

  @Test
  void serviceNameFallsBackThroughOpenTelemetryAndTheCommandLine() {
    assertEquals("orders-1.2", settings("/opt/app/orders-1.2.jar --x").serviceName);
    assertEquals("unknown_service:java", settings(null).serviceName);
    env.put("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-resource,team=a");
    assertEquals("from-resource", settings("x.jar").serviceName);
    env.put("OTEL_SERVICE_NAME", "from-otel");
    assertEquals("from-otel", settings("x.jar").serviceName);
    props.put("lantern.service.name", "from-lantern");
    AgentSettings s = settings("x.jar");
    assertEquals("from-lantern", s.serviceName);
    assertEquals("from-lantern", s.resourceAttributes.get("service.name"));
    assertEquals("a", s.resourceAttributes.get("team"));
  }

  @Test
  void resourceAttributesArePercentDecodedAndBadEntriesReported() {
    env.put("OTEL_RESOURCE_ATTRIBUTES", "region=eu%2Dwest,=nokey,novalue,k=v");
    props.put("lantern.resource.attributes", "k=override");
    AgentSettings s = settings("x.jar");
    assertEquals("eu-west", s.resourceAttributes.get("region"));
    assertEquals("override", s.resourceAttributes.get("k"));
    assertEquals(2, warnings.size(), warnings.toString());
  }

  @Test
  void otlpEndpointFromBaseFullOrSignalSpecificSettings() {
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/");
    assertEquals("http://collector:4318/v1/traces", settings("x").otlpEndpoint);
    env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://gw.example/otlp/spans");
    assertEquals("https://gw.example/otlp/spans", settings("x").otlpEndpoint);
    props.put("lantern.exporter.otlp.endpoint", "http://mine:4318");
    assertEquals("http://mine:4318/v1/traces", settings("x").otlpEndpoint);
    props.put("lantern.exporter.otlp.endpoint", "http://mine:4318/v1/traces");
    assertEquals("http://mine:4318/v1/traces", settings("x").otlpEndpoint);
    props.put("lantern.exporter.otlp.endpoint", "collector:4318");
    assertEquals("http://localhost:4318/v1/traces", settings("x").otlpEndpoint);
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("Invalid value for lantern.exporter.otlp.endpoint: \"collector:4318\"")), warnings.toString());
  }

  @Test
  void otlpHeadersTimeoutProtocolAndCompression() {
    env.put("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20abc,x-tenant=7");
    env.put("OTEL_EXPORTER_OTLP_TIMEOUT", "2500");
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    env.put("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip");
    AgentSettings s = settings("x");
    assertEquals(Map.of("authorization", "Bearer abc", "x-tenant", "7"), s.otlpHeaders);
    assertEquals(2500, s.otlpTimeoutMillis);
    assertEquals("http/protobuf", s.otlpProtocol);
    assertTrue(s.otlpGzip);
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).startsWith("OTLP protocol grpc is not supported"), warnings.get(0));
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json");
    env.put("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "only=traces");
    s = settings("x");
    assertEquals("http/json", s.otlpProtocol);
    assertEquals(Map.of("only", "traces"), s.otlpHeaders);
  }

  @Test
  void exporterFromOpenTelemetrySettings() {
    env.put("OTEL_TRACES_EXPORTER", "console");
    assertEquals("logging", settings("x").exporter);
    env.put("OTEL_TRACES_EXPORTER", "none");
    assertEquals("none", settings("x").exporter);
    env.put("OTEL_TRACES_EXPORTER", "zipkin");
    assertEquals("otlp", settings("x").exporter);
    assertEquals(1, warnings.size());
  }

  @Test
  void samplerFromRatioOrOpenTelemetrySettings() {
    env.put("OTEL_TRACES_SAMPLER", "traceidratio");
    env.put("OTEL_TRACES_SAMPLER_ARG", "0.25");
    assertEquals("traceidratio(0.25)", settings("x").sampler.toString());
    env.put("OTEL_TRACES_SAMPLER", "parentbased_always_off");
    assertEquals("parentbased_always_off", settings("x").sampler.toString());
    env.put("OTEL_TRACES_SAMPLER", "jaeger_remote");
    assertEquals("parentbased_traceidratio(1.0)", settings("x").sampler.toString());
    env.remove("OTEL_TRACES_SAMPLER");
    props.put("lantern.traces.sampler.ratio", "0.1");
    assertEquals("parentbased_traceidratio(0.1)", settings("x").sampler.toString());
    env.put("OTEL_TRACES_SAMPLER_ARG", "2");
    env.put("OTEL_TRACES_SAMPLER", "traceidratio");
    props.remove("lantern.traces.sampler.ratio");
    assertEquals("traceidratio(1.0)", settings("x").sampler.toString());
    assertEquals(2, warnings.size(), warnings.toString());
  }

  @Test
  void metricsUrlFormatsHosts() {
    props.put("lantern.metrics.host", "::1");
    props.put("lantern.metrics.port", "9000");
    assertEquals("http://[::1]:9000/metrics", settings("x").metricsUrl());
  }

  @Test
  void credentialsInExporterSettingsNeverReachAMessage() {
    props.put("lantern.exporter.otlp.headers", "Authorization=Bearer secret-1,broken secret-2");
    env.put("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic secret-3");
    props.put("lantern.exporter.otlp.endpoint", "https://user:secret-4@collector.example:4318");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "https://other:secret-6@collector.example");
    AgentSettings s = settings("x");
    assertEquals(Map.of("Authorization", "Bearer secret-1"), s.otlpHeaders);
    assertEquals("https://collector.example:4318/v1/traces", s.otlpEndpointShown());
    assertEquals(3, warnings.size(), warnings.toString());
    assertTrue(warnings.stream().noneMatch(w -> w.contains("secret-")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("Both lantern.exporter.otlp.headers=<not shown: may hold credentials> (system property) and OTEL_EXPORTER_OTLP_HEADERS=<not shown")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("Invalid entry (not shown: may hold credentials) in lantern.exporter.otlp.headers")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("Both lantern.exporter.otlp.endpoint=https://collector.example:4318 (system property) and OTEL_EXPORTER_OTLP_ENDPOINT=https://collector.example")), warnings.toString());
  }

  @Test
  void lanternEndpointAndTimeoutWinOverOpenTelemetryOnesWithAWarning() {
    props.put("lantern.exporter.otlp.endpoint", "http://mine:4318");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://theirs:4318");
    props.put("lantern.exporter.otlp.timeout-ms", "3000");
    env.put("OTEL_EXPORTER_OTLP_TIMEOUT", "5000");
    AgentSettings s = settings("x");
    assertEquals("http://mine:4318/v1/traces", s.otlpEndpoint);
    assertEquals(3000, s.otlpTimeoutMillis);
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("Both lantern.exporter.otlp.endpoint=http://mine:4318 (system property) and OTEL_EXPORTER_OTLP_ENDPOINT=http://theirs:4318 are set"), warnings.get(0));
    assertTrue(warnings.get(1).startsWith("Both lantern.exporter.otlp.timeout-ms=3000 (system property) and OTEL_EXPORTER_OTLP_TIMEOUT=5000 are set"), warnings.get(1));
  }

  @Test
  void anEmptyHeadersSettingFallsBackWithoutShowingTheOtherValue() {
    props.put("lantern.exporter.otlp.headers", " ");
    env.put("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic secret-7");
    assertEquals(Map.of("Authorization", "Basic secret-7"), settings("x").otlpHeaders);
    assertEquals(1, warnings.size(), warnings.toString());
    assertFalse(warnings.get(0).contains("secret-7"), warnings.get(0));
  }

  @Test
  void emptyResourceAttributesAreReported() {
    props.put("lantern.resource.attributes", "");
    assertFalse(settings("x").resourceAttributes.containsKey(""));
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("Invalid value for lantern.resource.attributes: \"\" (system property); expected key=value pairs"), warnings.get(0));
  }
}
