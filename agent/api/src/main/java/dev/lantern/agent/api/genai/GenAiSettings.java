package dev.lantern.agent.api.genai;

import dev.lantern.agent.api.AgentConfig;
import dev.lantern.agent.api.AgentRuntime;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The GenAI configuration, read once. Every GenAI instrumentation lists {@link #CONFIG_KEYS} in its
 * {@code configKeys()} so the agent does not warn about them as unknown.
 */
public final class GenAiSettings {

  public static final String CAPTURE_CONTENT = "lantern.genai.capture-content";
  public static final String CAPTURE_CONTENT_MAX_LENGTH = "lantern.genai.capture-content.max-length";
  public static final String PRICES_FILE = "lantern.genai.prices.file";
  public static final String MAX_MODELS = "lantern.genai.metrics.max-models";

  public static final List<String> CONFIG_KEYS =
      Collections.unmodifiableList(
          Arrays.asList(CAPTURE_CONTENT, CAPTURE_CONTENT_MAX_LENGTH, PRICES_FILE, MAX_MODELS));

  public static final int DEFAULT_MAX_LENGTH = 4096;
  public static final int DEFAULT_MAX_MODELS = 100;

  private static volatile GenAiSettings instance;

  final boolean captureContent;
  final int maxContentLength;
  final String pricesFile;
  final int maxModels;

  GenAiSettings(boolean captureContent, int maxContentLength, String pricesFile, int maxModels) {
    this.captureContent = captureContent;
    this.maxContentLength = maxContentLength;
    this.pricesFile = pricesFile;
    this.maxModels = maxModels;
  }

  static GenAiSettings get() {
    GenAiSettings s = instance;
    if (s == null) {
      synchronized (GenAiSettings.class) {
        s = instance;
        if (s == null) {
          s = read(AgentRuntime.config());
          instance = s;
        }
      }
    }
    return s;
  }

  static GenAiSettings read(AgentConfig config) {
    if (config == null) {
      return new GenAiSettings(false, DEFAULT_MAX_LENGTH, null, DEFAULT_MAX_MODELS);
    }
    String file = config.getString(PRICES_FILE, null); // an empty value is warned about, not silently ignored
    return new GenAiSettings(
        config.getBoolean(CAPTURE_CONTENT, false),
        config.getInt(CAPTURE_CONTENT_MAX_LENGTH, DEFAULT_MAX_LENGTH, 16, 1_000_000),
        file == null || file.trim().isEmpty() ? null : file.trim(),
        config.getInt(MAX_MODELS, DEFAULT_MAX_MODELS, 1, 1000));
  }

  /** Whether prompt and completion text may be recorded on spans (off unless switched on). */
  public static boolean captureContent() {
    return get().captureContent;
  }

  public static int maxContentLength() {
    return get().maxContentLength;
  }
}
