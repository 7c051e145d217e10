package dev.lantern.agent.api;

import java.util.List;

/**
 * The agent's configuration, read once at start-up: system property {@code lantern.x.y}, then
 * environment variable {@code LANTERN_X_Y}, then the file named by {@code lantern.config.file},
 * then the default. Typed getters never throw: an invalid value is reported once with a WARN line
 * and the default is used.
 */
public interface AgentConfig {

  /** The raw value, or null when the key is set nowhere. */
  String getString(String key);

  String getString(String key, String defaultValue);

  boolean getBoolean(String key, boolean defaultValue);

  int getInt(String key, int defaultValue, int min, int max);

  double getDouble(String key, double defaultValue, double min, double max);

  /** A comma-separated list, trimmed, empty entries dropped. */
  List<String> getList(String key, List<String> defaultValue);

  /** Whether the instrumentation module of that name is switched on. */
  boolean isInstrumentationEnabled(String moduleName, boolean enabledByDefault);
}
