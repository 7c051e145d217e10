package dev.lantern.agent.config;

import dev.lantern.agent.api.correlation.CorrelationSettings;
import dev.lantern.agent.api.http.UrlRedaction;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URLDecoder;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every start-up setting of the agent, resolved and validated once from {@link LanternConfig},
 * including the standard OpenTelemetry settings where they apply.
 */
public final class AgentSettings {

  public static final int DEFAULT_METRICS_PORT = 9464;
  public static final String DEFAULT_OTLP_ENDPOINT = "http://localhost:4318";
  public static final String TRACES_PATH = "/v1/traces";

  public final String serviceName;
  public final Map<String, String> resourceAttributes;
  public final String logLevel;
  public final int metricsPort;
  public final String metricsHost;
  public final boolean jvmMetrics;
  public final boolean exemplars;
  public final String exporter;
  public final SamplerSettings sampler;
  public final String otlpEndpoint;
  public final Map<String, String> otlpHeaders;
  public final int otlpTimeoutMillis;
  public final String otlpProtocol;
  public final boolean otlpGzip;
  public final int exportQueueSize;
  public final int exportBatchSize;
  public final int exportDelayMillis;
  public final CorrelationSettings correlation;
  public final int healthSlowMillis;
  public final boolean traceView;
  public final int traceViewMaxTraces;
  public final int traceViewMaxSpans;
  public final int traceViewMaxBytes;
  /** Memory for spans queued as bytes (OTLP protobuf), on top of {@link #exportQueueSize}. */
  public final int exportQueueBytes;
  public final int traceViewTracesPerSecond;
  public final List<String> readyDependencies;

  private AgentSettings(LanternConfig config, String mainCommand) {
    logLevel =
        config.getChoice(ConfigKeys.LOG_LEVEL, "info", Arrays.asList("error", "warn", "info", "debug"));
    resourceAttributes = resourceAttributes(config);
    serviceName = serviceName(config, resourceAttributes, mainCommand);
    resourceAttributes.put("service.name", serviceName);
    metricsPort = config.getInt(ConfigKeys.METRICS_PORT, DEFAULT_METRICS_PORT, 0, 65535);
    metricsHost = config.getString(ConfigKeys.METRICS_HOST, "0.0.0.0");
    jvmMetrics = config.getBoolean(ConfigKeys.METRICS_JVM, true);
    exemplars = config.getBoolean(ConfigKeys.METRICS_EXEMPLARS, true);
    exporter = exporter(config);
    sampler = SamplerSettings.from(config);
    otlpEndpoint = otlpEndpoint(config);
    otlpHeaders = keyValues(config, ConfigKeys.OTLP_HEADERS, otlpHeaders(config));
    otlpTimeoutMillis = otlpTimeout(config);
    otlpProtocol = otlpProtocol(config);
    otlpGzip = otlpGzip(config);
    exportQueueSize = config.getInt(ConfigKeys.EXPORT_QUEUE_SIZE, 4096, 1, 1_000_000);
    // 512, not 1,024: spans waiting for a batch survive young collections and lengthen their
    // pauses; at a fixed 1,000 req/s the p99 was ~0.5 ms lower in two A/B pairs (docs/performance.md)
    exportBatchSize =
        Math.min(exportQueueSize, config.getInt(ConfigKeys.EXPORT_BATCH_SIZE, 512, 1, 100_000));
    exportDelayMillis = config.getInt(ConfigKeys.EXPORT_DELAY, 1000, 1, 600_000);
    exportQueueBytes = config.getInt(ConfigKeys.EXPORT_QUEUE_BYTES, 4 * 1024 * 1024, 256 * 1024, 1 << 30);
    correlation =
        new CorrelationSettings(
            validHeaderNames(config),
            config.getBoolean(ConfigKeys.CORRELATION_BAGGAGE, true),
            config.getBoolean(ConfigKeys.CORRELATION_RESPONSE_HEADER, true));
    traceView = config.getBoolean(ConfigKeys.TRACEVIEW_ENABLED, true);
    traceViewMaxTraces = config.getInt(ConfigKeys.TRACEVIEW_MAX_TRACES, 200, 1, 100_000);
    traceViewMaxSpans = config.getInt(ConfigKeys.TRACEVIEW_MAX_SPANS, 5000, 1, 1_000_000);
    traceViewMaxBytes = config.getInt(ConfigKeys.TRACEVIEW_MAX_BYTES, 2 * 1024 * 1024, 64 * 1024, 1 << 30);
    traceViewTracesPerSecond = config.getInt(ConfigKeys.TRACEVIEW_TRACES_PER_SECOND, 50, 1, 1_000_000);
    healthSlowMillis = config.getInt(ConfigKeys.HEALTH_SLOW_MS, 2000, 1, 3_600_000);
    readyDependencies = config.getList(ConfigKeys.HEALTH_READY_DEPENDENCIES, Collections.emptyList());
  }

  public static AgentSettings from(LanternConfig config) {
    return new AgentSettings(config, System.getProperty("sun.java.command"));
  }

  static AgentSettings from(LanternConfig config, String mainCommand) {
    return new AgentSettings(config, mainCommand);
  }

  // ---- service and resource -----------------------------------------------------------------

  private static String serviceName(
      LanternConfig config, Map<String, String> resource, String mainCommand) {
    String name = config.getWithOtelFallback(ConfigKeys.SERVICE_NAME, "otel.service.name");
    if (name != null) {
      return name;
    }
    String fromResource = resource.get("service.name");
    if (fromResource != null && !fromResource.isEmpty()) {
      return fromResource;
    }
    return serviceNameFromCommand(mainCommand);
  }

  /** "app.jar --x" → "app"; "com.acme.OrdersApp" → "OrdersApp"; else unknown_service:java. */
  static String serviceNameFromCommand(String command) {
    if (command == null || command.trim().isEmpty()) {
      return "unknown_service:java";
    }
    String trimmed = command.trim();
    int end = 0;
    while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))) {
      end++;
    }
    String first = trimmed.substring(0, end);
    if (first.endsWith(".jar")) {
      String file = first.substring(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1);
      return file.substring(0, file.length() - 4);
    }
    int dot = first.lastIndexOf('.');
    String simple = dot >= 0 ? first.substring(dot + 1) : first;
    return simple.isEmpty() ? "unknown_service:java" : simple;
  }

  private static Map<String, String> resourceAttributes(LanternConfig config) {
    Map<String, String> attributes = new LinkedHashMap<>();
    String otel = config.otel("otel.resource.attributes");
    if (otel != null) {
      attributes.putAll(keyValues(config, config.otelSourceName("otel.resource.attributes"), otel));
    }
    String lantern = config.getString(ConfigKeys.RESOURCE_ATTRIBUTES);
    if (lantern != null && lantern.trim().isEmpty()) {
      config.warnInvalid(ConfigKeys.RESOURCE_ATTRIBUTES, lantern, "key=value pairs separated by commas", "none");
    } else if (lantern != null) {
      attributes.putAll(keyValues(config, ConfigKeys.RESOURCE_ATTRIBUTES, lantern));
    }
    return attributes;
  }

  /** Parses k=v,k2=v2 with percent-decoded values (the OpenTelemetry format); warns on bad pairs. */
  static Map<String, String> keyValues(LanternConfig config, String key, String value) {
    if (value == null) {
      return new LinkedHashMap<>();
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (String pair : value.split(",")) {
      if (pair.trim().isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq > 0 ? pair.substring(0, eq).trim() : "";
      if (k.isEmpty()) {
        String entry = LanternConfig.isSecret(key) ? "(not shown: may hold credentials)" : "\"" + pair.trim() + "\"";
        config.warn(key + "|" + pair, "Invalid entry " + entry + " in " + key
            + "; expected key=value pairs separated by commas. The entry is ignored.");
        continue;
      }
      try {
        result.put(k, URLDecoder.decode(pair.substring(eq + 1).trim(), "UTF-8"));
      } catch (UnsupportedEncodingException | IllegalArgumentException e) {
        result.put(k, pair.substring(eq + 1).trim());
      }
    }
    return result;
  }

  // ---- export --------------------------------------------------------------------------------

  private static String exporter(LanternConfig config) {
    List<String> allowed = Arrays.asList("otlp", "logging", "none");
    String lantern = config.getString(ConfigKeys.TRACES_EXPORTER);
    if (lantern != null) {
      config.getWithOtelFallback(ConfigKeys.TRACES_EXPORTER, "otel.traces.exporter"); // conflict check
      return config.getChoice(ConfigKeys.TRACES_EXPORTER, "otlp", allowed);
    }
    String otel = config.getWithOtelFallback(ConfigKeys.TRACES_EXPORTER, "otel.traces.exporter");
    if (otel == null) {
      return "otlp";
    }
    String first = otel.split(",")[0].trim().toLowerCase(Locale.ROOT);
    if (first.equals("console") || first.equals("logging")) {
      return "logging";
    }
    if (allowed.contains(first)) {
      return first;
    }
    config.warnInvalid("otel.traces.exporter", otel, "otlp, console, logging or none", "otlp");
    return "otlp";
  }

  private static String otlpEndpoint(LanternConfig config) {
    String lantern = config.getString(ConfigKeys.OTLP_ENDPOINT);
    String tracesSpecific = config.getWithOtelFallback(ConfigKeys.OTLP_ENDPOINT, "otel.exporter.otlp.traces.endpoint");
    String value;
    boolean full;
    if (lantern != null) {
      value = lantern.trim();
      full = value.endsWith(TRACES_PATH);
      if (config.otel("otel.exporter.otlp.traces.endpoint") == null) {
        config.getWithOtelFallback(ConfigKeys.OTLP_ENDPOINT, "otel.exporter.otlp.endpoint"); // conflict check
      }
    } else if (tracesSpecific != null) {
      value = tracesSpecific;
      full = true; // the signal-specific setting is used as given
    } else {
      value = config.getWithOtelFallback(ConfigKeys.OTLP_ENDPOINT, "otel.exporter.otlp.endpoint");
      full = false;
    }
    if (value == null) {
      return DEFAULT_OTLP_ENDPOINT + TRACES_PATH;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
    } catch (Exception e) {
      config.warnInvalid(ConfigKeys.OTLP_ENDPOINT, value, "an http:// or https:// URL",
          DEFAULT_OTLP_ENDPOINT);
      return DEFAULT_OTLP_ENDPOINT + TRACES_PATH;
    }
    if (full) {
      return value;
    }
    return value.endsWith("/")
        ? value.substring(0, value.length() - 1) + TRACES_PATH
        : value + TRACES_PATH;
  }

  private static String otlpHeaders(LanternConfig config) {
    String tracesSpecific = config.otel("otel.exporter.otlp.traces.headers");
    return config.getWithOtelFallback(
        ConfigKeys.OTLP_HEADERS,
        tracesSpecific != null ? "otel.exporter.otlp.traces.headers" : "otel.exporter.otlp.headers");
  }

  private static int otlpTimeout(LanternConfig config) {
    if (config.getString(ConfigKeys.OTLP_TIMEOUT) != null) {
      config.getWithOtelFallback(ConfigKeys.OTLP_TIMEOUT, "otel.exporter.otlp.timeout"); // conflict check
      return config.getInt(ConfigKeys.OTLP_TIMEOUT, 10_000, 1, 600_000);
    }
    String otel = config.getWithOtelFallback(ConfigKeys.OTLP_TIMEOUT, "otel.exporter.otlp.timeout");
    if (otel == null) {
      return 10_000;
    }
    try {
      int millis = Integer.parseInt(otel);
      if (millis > 0 && millis <= 600_000) {
        return millis;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    config.warnInvalid("otel.exporter.otlp.timeout", otel, "milliseconds from 1 to 600000", "10000");
    return 10_000;
  }

  private static String otlpProtocol(LanternConfig config) {
    String value = config.getWithOtelFallback(ConfigKeys.OTLP_PROTOCOL, "otel.exporter.otlp.protocol");
    if (value == null) {
      return "http/protobuf";
    }
    String v = value.toLowerCase(Locale.ROOT);
    if (v.equals("http/protobuf") || v.equals("http/json")) {
      return v;
    }
    if (v.equals("grpc")) {
      config.warn(ConfigKeys.OTLP_PROTOCOL, "OTLP protocol grpc is not supported by Lantern;"
          + " exporting with http/protobuf instead (collectors listen for it on port 4318, not 4317).");
      return "http/protobuf";
    }
    config.warnInvalid(ConfigKeys.OTLP_PROTOCOL, value, "http/protobuf or http/json", "http/protobuf");
    return "http/protobuf";
  }

  private static boolean otlpGzip(LanternConfig config) {
    String value =
        config.getWithOtelFallback(ConfigKeys.OTLP_COMPRESSION, "otel.exporter.otlp.compression");
    if (value == null || value.equalsIgnoreCase("none")) {
      return false;
    }
    if (value.equalsIgnoreCase("gzip")) {
      return true;
    }
    config.warnInvalid(ConfigKeys.OTLP_COMPRESSION, value, "gzip or none", "none");
    return false;
  }

  private static List<String> validHeaderNames(LanternConfig config) {
    List<String> headers = config.getList(ConfigKeys.CORRELATION_HEADERS, CorrelationSettings.DEFAULT_HEADERS);
    for (String header : headers) {
      if (!isHeaderName(header)) {
        config.warnInvalid(ConfigKeys.CORRELATION_HEADERS, String.join(",", headers),
            "HTTP header names (letters, digits, - and _)", String.join(",", CorrelationSettings.DEFAULT_HEADERS));
        return CorrelationSettings.DEFAULT_HEADERS;
      }
    }
    return Collections.unmodifiableList(headers);
  }

  /**
   * An HTTP header name (an RFC 9110 token) of 1 to 64 characters. Checked by hand rather than
   * with a regular expression: this runs in premain, and the regex engine's classes are some
   * milliseconds of the application's start-up.
   */
  static boolean isHeaderName(String name) {
    if (name.isEmpty() || name.length() > 64) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+.^_`|~-".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  /** The OTLP endpoint as logs and health pages show it: without user info or secret query values. */
  public String otlpEndpointShown() {
    return UrlRedaction.redactUrl(otlpEndpoint);
  }

  /** The metrics URL users can open (the bind address replaced by localhost when it is a wildcard). */
  public String metricsUrl() {
    String host = metricsHost.equals("0.0.0.0") || metricsHost.equals("::") ? "localhost" : metricsHost;
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + metricsPort + "/metrics";
  }
}
