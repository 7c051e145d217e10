package dev.lantern.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanternConfigTest {

  private final List<String> warnings = new ArrayList<>();
  private final Map<String, String> props = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();

  private LanternConfig config() {
    return LanternConfig.of(props, env, warnings::add);
  }

  @Test
  void systemPropertyBeatsEnvironmentBeatsFileBeatsDefault(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("l.properties");
    Files.writeString(file, "lantern.a.b=file\nlantern.only.file=f\n");
    props.put("lantern.config.file", file.toString());
    env.put("LANTERN_A_B", "env");
    assertEquals("env", config().getString("lantern.a.b"));
    props.put("lantern.a.b", "prop");
    assertEquals("prop", config().getString("lantern.a.b"));
    assertEquals("f", config().getString("lantern.only.file"));
    assertEquals("dflt", config().getString("lantern.nowhere", "dflt"));
    assertTrue(warnings.isEmpty(), warnings.toString());
  }

  @Test
  void configFileCanComeFromTheEnvironment(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("l.properties");
    Files.writeString(file, "lantern.service.name=from-file\n");
    env.put("LANTERN_CONFIG_FILE", file.toString());
    assertEquals("from-file", config().getString("lantern.service.name"));
  }

  @Test
  void envNamesReplaceDotsAndDashes() {
    assertEquals("LANTERN_INSTRUMENTATION_JDK_HTTPSERVER_ENABLED",
        ConfigKeys.toEnvName("lantern.instrumentation.jdk-httpserver.enabled"));
    env.put("LANTERN_INSTRUMENTATION_JDK_HTTPSERVER_ENABLED", "false");
    assertFalse(config().isInstrumentationEnabled("jdk-httpserver", true));
  }

  @Test
  void typedGettersWarnOncePerKeyAndReturnTheDefault() {
    props.put("lantern.port", "abc");
    props.put("lantern.ratio", "7");
    props.put("lantern.flag", "yes");
    props.put("lantern.empty", " ");
    LanternConfig config = config();
    assertEquals(9464, config.getInt("lantern.port", 9464, 0, 65535));
    assertEquals(9464, config.getInt("lantern.port", 9464, 0, 65535));
    assertEquals(1.0, config.getDouble("lantern.ratio", 1.0, 0, 1));
    assertTrue(config.getBoolean("lantern.flag", true));
    assertEquals("d", config.getString("lantern.empty", "d"));
    assertEquals(
        List.of(
            "Invalid value for lantern.port: \"abc\" (system property); expected an integer from 0 to 65535. Using 9464.",
            "Invalid value for lantern.ratio: \"7\" (system property); expected a number from 0.0 to 1.0. Using 1.0.",
            "Invalid value for lantern.flag: \"yes\" (system property); expected true or false. Using true.",
            "Invalid value for lantern.empty: \" \" (system property); expected a non-empty value. Using d."),
        warnings);
  }

  @Test
  void valuesInMessagesCannotForgeLogLines() {
    props.put("lantern.port", "1\n[lantern] INFO all good");
    config().getInt("lantern.port", 1, 0, 2);
    assertFalse(warnings.get(0).contains("\n"), warnings.get(0));
  }

  @Test
  void choicesAreCaseInsensitiveAndListsAreTrimmed() {
    props.put("lantern.exporter", "LOGGING");
    props.put("lantern.list", " a, ,b ,");
    props.put("lantern.nolist", " , ");
    LanternConfig config = config();
    assertEquals("logging", config.getChoice("lantern.exporter", "otlp", List.of("otlp", "logging")));
    assertEquals(List.of("a", "b"), config.getList("lantern.list", List.of()));
    assertEquals(List.of("x"), config.getList("lantern.nolist", List.of("x")));
    assertEquals(1, warnings.size());
  }

  @Test
  void openTelemetrySettingsAreTheFallbackAndLanternWinsWithAWarning() {
    env.put("OTEL_SERVICE_NAME", "otel");
    assertEquals("otel", config().getWithOtelFallback("lantern.service.name", "otel.service.name"));
    props.put("otel.service.name", "otel-prop");
    assertEquals("otel-prop", config().getWithOtelFallback("lantern.service.name", "otel.service.name"));
    props.put("lantern.service.name", "mine");
    assertEquals("mine", config().getWithOtelFallback("lantern.service.name", "otel.service.name"));
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).startsWith("Both lantern.service.name=mine (system property) and otel.service.name=otel-prop are set; using lantern.service.name"), warnings.get(0));
    assertEquals("otel-prop", config().otel("otel.service.name"));
  }

  @Test
  void unreadableOrMalformedFilesAreReportedOnce(@TempDir Path dir) throws IOException {
    props.put("lantern.config.file", dir.toString());
    config();
    props.put("lantern.config.file", dir.resolve("missing").toString());
    config();
    Path bad = dir.resolve("bad.properties");
    Files.write(bad, "a=\\uXYZ1".getBytes(StandardCharsets.ISO_8859_1));
    props.put("lantern.config.file", bad.toString());
    config();
    props.put("lantern.config.file", "");
    config();
    assertEquals(4, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("it is a directory"));
    assertTrue(warnings.get(1).contains("no such file"));
    assertTrue(warnings.get(2).contains("IllegalArgumentException"));
    assertTrue(warnings.get(3).contains("is set but empty"));
  }

  @Test
  void unknownKeysGetASuggestion(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("l.properties");
    Files.writeString(file, "lantern.traces.exportr=logging\n");
    props.put("lantern.config.file", file.toString());
    props.put("lantern.metrics.prot", "1");
    props.put("lantern.instrumentation.jdcb.enabled", "false");
    props.put("lantern.completely.different", "x");
    props.put("lantern.metrics.port", "1");
    env.put("LANTERN_METRICS_HOTS", "x");
    env.put("LANTERN_METRICS_HOST", "x");
    env.put("PATH", "/bin");
    LanternConfig config = config();
    config.warnUnknownKeys(
        Set.of("lantern.metrics.port", "lantern.metrics.host", "lantern.traces.exporter",
            "lantern.config.file", "lantern.instrumentation.jdbc.enabled"),
        Set.of("jdbc", "kafka-clients"));
    assertEquals(5, warnings.size(), String.join("\n", warnings));
    assertTrue(warnings.contains("Unknown setting lantern.metrics.prot (system property) is ignored; did you mean lantern.metrics.port?"));
    assertTrue(warnings.contains("Unknown setting lantern.completely.different (system property) is ignored."));
    assertTrue(warnings.contains("Unknown instrumentation \"jdcb\" in lantern.instrumentation.jdcb.enabled (system property) is ignored; did you mean \"jdbc\"? Known instrumentations: jdbc, kafka-clients."));
    assertTrue(warnings.contains("Unknown setting lantern.traces.exportr (config file " + file + ") is ignored; did you mean lantern.traces.exporter?"));
    assertTrue(warnings.contains("Unknown setting environment variable LANTERN_METRICS_HOTS is ignored; did you mean LANTERN_METRICS_HOST (lantern.metrics.host)?"));
  }

  @Test
  void suggestionsNeedToBeClose() {
    assertEquals("lantern.metrics.port", Suggestions.closest("lantern.metrics.prot", List.of("lantern.metrics.port", "lantern.metrics.host")));
    assertNull(Suggestions.closest("lantern.something.else", List.of("lantern.metrics.port")));
    assertEquals(3, Suggestions.distance("kitten", "sitting", 3));
    assertEquals(3, Suggestions.distance("kitten", "sitting", 2), "gives up beyond the limit");
  }
}
