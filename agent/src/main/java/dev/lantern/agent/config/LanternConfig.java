package dev.lantern.agent.config;

import dev.lantern.agent.api.AgentConfig;
import dev.lantern.agent.api.http.UrlRedaction;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The agent's configuration: for each {@code lantern.x.y} key, the system property, else the
 * environment variable {@code LANTERN_X_Y}, else the entry in the {@code lantern.config.file}
 * properties file, else the default. Where an OpenTelemetry setting means the same thing
 * ({@code otel.x.y} / {@code OTEL_X_Y}), it is consulted after every {@code lantern.*} source.
 *
 * <p>Nothing here throws: a value that cannot be used produces one WARN line naming the key, the
 * value and where it came from, what is accepted and the default used instead.
 */
public final class LanternConfig implements AgentConfig {

  /** Settings whose values may hold credentials (OTLP headers): never printed. */
  private static final Set<String> SECRET_KEYS =
      Collections.unmodifiableSet(
          new java.util.HashSet<>(
              java.util.Arrays.asList(
                  ConfigKeys.OTLP_HEADERS,
                  "otel.exporter.otlp.headers",
                  "otel.exporter.otlp.traces.headers")));

  /** URL settings: printed without user info and without secret-looking query values. */
  private static final Set<String> URL_KEYS =
      Collections.unmodifiableSet(
          new java.util.HashSet<>(
              java.util.Arrays.asList(
                  ConfigKeys.OTLP_ENDPOINT,
                  "otel.exporter.otlp.endpoint",
                  "otel.exporter.otlp.traces.endpoint")));

  private final Map<String, String> systemProperties;
  private final Map<String, String> environment;
  private final Map<String, String> file;
  private final String filePath;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final Consumer<String> warnings;

  private LanternConfig(
      Map<String, String> systemProperties,
      Map<String, String> environment,
      Consumer<String> warnings) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.warnings = warnings;
    Map<String, String> fileEntries = Collections.emptyMap();
    String path = lanternValue(ConfigKeys.CONFIG_FILE, false);
    if (path != null) {
      if (path.trim().isEmpty()) {
        warn(ConfigKeys.CONFIG_FILE, "The config file key " + ConfigKeys.CONFIG_FILE
            + " is set but empty; continuing without a config file.");
        path = null;
      } else {
        fileEntries = readFile(path.trim());
      }
    }
    this.filePath = path;
    this.file = fileEntries;
  }

  /** Reads the running JVM's system properties and environment. */
  public static LanternConfig fromSystem(Consumer<String> warnings) {
    Map<String, String> properties = new HashMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("lantern.") || name.startsWith("otel.")) {
        properties.put(name, System.getProperty(name));
      }
    }
    return new LanternConfig(properties, System.getenv(), warnings);
  }

  /** For tests: explicit sources. */
  public static LanternConfig of(
      Map<String, String> systemProperties,
      Map<String, String> environment,
      Consumer<String> warnings) {
    return new LanternConfig(systemProperties, environment, warnings);
  }

  private Map<String, String> readFile(String path) {
    Path file = Paths.get(path);
    if (!Files.isRegularFile(file)) {
      warn(ConfigKeys.CONFIG_FILE, "Cannot read the config file " + ConfigKeys.CONFIG_FILE + "=" + path
          + ": " + (Files.isDirectory(file) ? "it is a directory" : "no such file")
          + "; continuing with system properties, environment variables and defaults.");
      return Collections.emptyMap();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | RuntimeException e) {
      warn(ConfigKeys.CONFIG_FILE, "Cannot read the config file " + ConfigKeys.CONFIG_FILE + "=" + path
          + " (" + describe(e) + "); continuing with system properties, environment variables and defaults.");
      return Collections.emptyMap();
    }
    Map<String, String> entries = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      entries.put(name.trim(), properties.getProperty(name));
    }
    return entries;
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  // ---- raw lookups -------------------------------------------------------------------------

  private String lanternValue(String key, boolean includeFile) {
    String value = systemProperties.get(key);
    if (value != null) {
      return value;
    }
    value = environment.get(ConfigKeys.toEnvName(key));
    if (value != null) {
      return value;
    }
    return includeFile && file != null ? file.get(key) : null;
  }

  /** Where the effective value of a lantern key comes from, for messages. */
  String sourceOf(String key) {
    if (systemProperties.containsKey(key)) {
      return "system property";
    }
    if (environment.containsKey(ConfigKeys.toEnvName(key))) {
      return "environment variable " + ConfigKeys.toEnvName(key);
    }
    if (file.containsKey(key)) {
      return "config file " + filePath;
    }
    return "default";
  }

  @Override
  public String getString(String key) {
    return lanternValue(key, true);
  }

  @Override
  public String getString(String key, String defaultValue) {
    String value = getString(key);
    if (value == null) {
      return defaultValue;
    }
    if (value.trim().isEmpty()) {
      warnInvalid(key, value, "a non-empty value", defaultValue == null ? "none" : defaultValue);
      return defaultValue;
    }
    return value.trim();
  }

  /**
   * The lantern key's value, else the OpenTelemetry setting of the same meaning ({@code otelKey}
   * as system property, then as environment variable), else null. Warns once when both are set
   * to different values, naming the one that wins.
   */
  public String getWithOtelFallback(String key, String otelKey) {
    String lantern = getString(key);
    String otelProperty = systemProperties.get(otelKey);
    String otelEnvName = ConfigKeys.toEnvName(otelKey);
    String otel = otelProperty != null ? otelProperty : environment.get(otelEnvName);
    if (lantern != null && !lantern.trim().isEmpty()) {
      if (otel != null && !otel.trim().equals(lantern.trim())) {
        warn(key + "|conflict", "Both " + key + "=" + shown(key, lantern.trim()) + " (" + sourceOf(key) + ") and "
            + (otelProperty != null ? otelKey : otelEnvName) + "=" + shown(otelKey, otel.trim())
            + " are set; using " + key + " (lantern.* settings take precedence over OpenTelemetry ones).");
      }
      return lantern.trim();
    }
    if (lantern != null) {
      warnInvalid(key, lantern, "a non-empty value", otel == null ? "(unset)" : shown(otelKey, otel.trim()));
    }
    return otel == null || otel.trim().isEmpty() ? null : otel.trim();
  }

  /** An OpenTelemetry setting alone: the system property, else the environment variable. */
  public String otel(String otelKey) {
    String value = systemProperties.get(otelKey);
    if (value == null) {
      value = environment.get(ConfigKeys.toEnvName(otelKey));
    }
    return value == null || value.trim().isEmpty() ? null : value.trim();
  }

  /** The name of the OpenTelemetry setting that supplied a value, for messages. */
  public String otelSourceName(String otelKey) {
    return systemProperties.containsKey(otelKey) ? otelKey : ConfigKeys.toEnvName(otelKey);
  }

  // ---- typed getters -----------------------------------------------------------------------

  @Override
  public boolean getBoolean(String key, boolean defaultValue) {
    String value = getString(key);
    if (value == null) {
      return defaultValue;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    warnInvalid(key, value, "true or false", String.valueOf(defaultValue));
    return defaultValue;
  }

  @Override
  public int getInt(String key, int defaultValue, int min, int max) {
    String value = getString(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    warnInvalid(key, value, "an integer from " + min + " to " + max, String.valueOf(defaultValue));
    return defaultValue;
  }

  @Override
  public double getDouble(String key, double defaultValue, double min, double max) {
    String value = getString(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    warnInvalid(key, value, "a number from " + min + " to " + max, String.valueOf(defaultValue));
    return defaultValue;
  }

  /** One of the allowed values (case-insensitive, returned in lower case), else the default. */
  public String getChoice(String key, String defaultValue, Collection<String> allowed) {
    String value = getString(key);
    if (value == null) {
      return defaultValue;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (allowed.contains(v)) {
      return v;
    }
    warnInvalid(key, value, "one of " + String.join(", ", allowed), defaultValue);
    return defaultValue;
  }

  @Override
  public List<String> getList(String key, List<String> defaultValue) {
    String value = getString(key);
    if (value == null) {
      return defaultValue;
    }
    List<String> items = splitList(value);
    if (items.isEmpty()) {
      warnInvalid(key, value, "a comma-separated list", String.join(",", defaultValue));
      return defaultValue;
    }
    return items;
  }

  static List<String> splitList(String value) {
    List<String> items = new ArrayList<>();
    for (String part : value.split(",")) {
      String item = part.trim();
      if (!item.isEmpty()) {
        items.add(item);
      }
    }
    return items;
  }

  @Override
  public boolean isInstrumentationEnabled(String moduleName, boolean enabledByDefault) {
    boolean defaultEnabled = getBoolean(ConfigKeys.INSTRUMENTATION_DEFAULT_ENABLED, true);
    return getBoolean(
        ConfigKeys.instrumentationEnabledKey(moduleName), defaultEnabled && enabledByDefault);
  }

  // ---- warnings ----------------------------------------------------------------------------

  /** Reports an unusable value once per key. */
  public void warnInvalid(String key, String value, String expected, String usedInstead) {
    warn(key, "Invalid value for " + key + ": \"" + shown(key, value) + "\" (" + sourceOf(key)
        + "); expected " + expected + ". Using " + usedInstead + ".");
  }

  /** Reports a problem once per distinct key. */
  public void warn(String onceKey, String message) {
    if (warned.add(onceKey)) {
      Consumer<String> sink = warnings;
      if (sink != null) {
        sink.accept(message);
      }
    }
  }

  /** Whether values of this setting may hold credentials and are never printed. */
  public static boolean isSecret(String key) {
    return SECRET_KEYS.contains(key);
  }

  /** A value as messages may show it: credentials hidden, URLs redacted, control characters replaced. */
  static String shown(String key, String value) {
    if (isSecret(key)) {
      return "<not shown: may hold credentials>";
    }
    return printable(URL_KEYS.contains(key) ? UrlRedaction.redactUrl(value) : value);
  }

  private static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && out.length() < 200; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return value.length() > 200 ? out + "…" : out.toString();
  }

  /**
   * Warns about every {@code lantern.*} key (property, env var, file entry) that nothing reads,
   * with the closest known key or instrumentation name when there is one.
   */
  public void warnUnknownKeys(Collection<String> knownKeys, Collection<String> moduleNames) {
    Set<String> known = new LinkedHashSet<>(knownKeys);
    Map<String, String> knownByEnv = new HashMap<>();
    for (String k : known) {
      knownByEnv.put(ConfigKeys.toEnvName(k), k);
    }
    Set<String> seen = new TreeSet<>();
    for (String key : systemProperties.keySet()) {
      if (key.startsWith("lantern.") && !known.contains(key)) {
        seen.add(key);
        warnUnknown(key, "system property", known, moduleNames);
      }
    }
    for (String key : file.keySet()) {
      if (key.startsWith("lantern.") && !known.contains(key) && !seen.contains(key)) {
        warnUnknown(key, "config file " + filePath, known, moduleNames);
      }
    }
    Map<String, String> moduleByEnv = new HashMap<>();
    for (String module : moduleNames) {
      moduleByEnv.put(ConfigKeys.toEnvName(module), module);
    }
    for (String name : environment.keySet()) {
      if (name.startsWith("LANTERN_") && !knownByEnv.containsKey(name)) {
        String suggestion = knownByEnv.get(Suggestions.closest(name, knownByEnv.keySet()));
        warn("env|" + name, "Unknown setting environment variable " + name + " is ignored"
            + (suggestion == null ? "" : "; did you mean " + ConfigKeys.toEnvName(suggestion)
                + " (" + suggestion + ")?"));
      }
    }
  }

  private void warnUnknown(
      String key, String source, Set<String> known, Collection<String> moduleNames) {
    String prefix = ConfigKeys.INSTRUMENTATION_PREFIX;
    if (key.startsWith(prefix) && key.endsWith(ConfigKeys.ENABLED_SUFFIX)
        && key.length() > prefix.length() + ConfigKeys.ENABLED_SUFFIX.length()) {
      String module = key.substring(prefix.length(), key.length() - ConfigKeys.ENABLED_SUFFIX.length());
      String suggestion = Suggestions.closest(module, moduleNames);
      warn(key, "Unknown instrumentation \"" + module + "\" in " + key + " (" + source + ") is ignored"
          + (suggestion == null ? "" : "; did you mean \"" + suggestion + "\"?")
          + " Known instrumentations: " + String.join(", ", new TreeSet<>(moduleNames)) + ".");
      return;
    }
    String suggestion = Suggestions.closest(key, known);
    warn(key, "Unknown setting " + key + " (" + source + ") is ignored"
        + (suggestion == null ? "." : "; did you mean " + suggestion + "?"));
  }
}
