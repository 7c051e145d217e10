package dev.lantern.agent.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The agent's own configuration keys with a one-line description each (the README lists them). */
public final class ConfigKeys {

  public static final String SERVICE_NAME = "lantern.service.name";
  public static final String CONFIG_FILE = "lantern.config.file";
  public static final String LOG_LEVEL = "lantern.log.level";
  public static final String RESOURCE_ATTRIBUTES = "lantern.resource.attributes";
  public static final String INSTRUMENTATION_DEFAULT_ENABLED =
      "lantern.instrumentation.default-enabled";
  public static final String METRICS_PORT = "lantern.metrics.port";
  public static final String METRICS_HOST = "lantern.metrics.host";
  public static final String METRICS_JVM = "lantern.metrics.jvm.enabled";
  public static final String METRICS_EXEMPLARS = "lantern.metrics.exemplars.enabled";
  public static final String TRACES_EXPORTER = "lantern.traces.exporter";
  public static final String SAMPLER_RATIO = "lantern.traces.sampler.ratio";
  public static final String EXPORT_QUEUE_SIZE = "lantern.traces.export.queue-size";
  public static final String EXPORT_BATCH_SIZE = "lantern.traces.export.batch-size";
  public static final String EXPORT_QUEUE_BYTES = "lantern.traces.export.queue-bytes";
  public static final String EXPORT_DELAY = "lantern.traces.export.delay-ms";
  public static final String OTLP_ENDPOINT = "lantern.exporter.otlp.endpoint";
  public static final String OTLP_HEADERS = "lantern.exporter.otlp.headers";
  public static final String OTLP_TIMEOUT = "lantern.exporter.otlp.timeout-ms";
  public static final String OTLP_PROTOCOL = "lantern.exporter.otlp.protocol";
  public static final String OTLP_COMPRESSION = "lantern.exporter.otlp.compression";
  public static final String CORRELATION_HEADERS = "lantern.correlation.headers";
  public static final String CORRELATION_BAGGAGE = "lantern.correlation.baggage";
  public static final String CORRELATION_RESPONSE_HEADER = "lantern.correlation.response-header";
  public static final String HEALTH_SLOW_MS = "lantern.health.slow-threshold-ms";
  public static final String TRACEVIEW_ENABLED = "lantern.traceview.enabled";
  public static final String TRACEVIEW_MAX_TRACES = "lantern.traceview.max-traces";
  public static final String TRACEVIEW_MAX_SPANS = "lantern.traceview.max-spans";
  public static final String TRACEVIEW_MAX_BYTES = "lantern.traceview.max-bytes";
  public static final String TRACEVIEW_TRACES_PER_SECOND = "lantern.traceview.traces-per-second";
  public static final String HEALTH_READY_DEPENDENCIES = "lantern.health.ready.dependencies";

  public static final String INSTRUMENTATION_PREFIX = "lantern.instrumentation.";
  public static final String ENABLED_SUFFIX = ".enabled";

  /** Key → description, in documentation order. */
  public static final Map<String, String> DESCRIPTIONS;

  static {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(SERVICE_NAME, "service.name of spans and target_info (else OTEL_SERVICE_NAME, else the main jar or class)");
    d.put(CONFIG_FILE, "a .properties file with lantern.* keys (lowest precedence after env vars)");
    d.put(LOG_LEVEL, "the agent's own log level on stderr: error, warn, info (default), debug");
    d.put(RESOURCE_ATTRIBUTES, "extra resource attributes, k=v,k2=v2 (merged over OTEL_RESOURCE_ATTRIBUTES)");
    d.put(INSTRUMENTATION_DEFAULT_ENABLED, "false = only instrumentations switched on explicitly run (default true)");
    d.put(METRICS_PORT, "Prometheus metrics port (default 9464; 0 turns the server off)");
    d.put(METRICS_HOST, "address the metrics server binds (default 0.0.0.0)");
    d.put(METRICS_JVM, "export JVM metrics (memory, GC, threads, classes, CPU) on /metrics (default true)");
    d.put(METRICS_EXEMPLARS, "trace ids of recent sampled requests as exemplars on histogram buckets, in OpenMetrics output (default true)");
    d.put(TRACES_EXPORTER, "otlp (default), logging (spans on stderr) or none");
    d.put(SAMPLER_RATIO, "parent-based trace-id ratio sampler, 0.0-1.0 (default 1.0)");
    d.put(EXPORT_QUEUE_SIZE, "spans buffered for export before new ones are dropped (default 4096)");
    d.put(EXPORT_BATCH_SIZE, "spans per export request (default 512)");
    d.put(EXPORT_QUEUE_BYTES, "memory for spans waiting for OTLP protobuf export, bytes, allocated as needed (default 4194304)");
    d.put(EXPORT_DELAY, "longest wait before a partial batch is exported, ms (default 1000)");
    d.put(OTLP_ENDPOINT, "OTLP/HTTP endpoint (default http://localhost:4318; /v1/traces is appended)");
    d.put(OTLP_HEADERS, "headers sent with each export, k=v,k2=v2 (e.g. authorization)");
    d.put(OTLP_TIMEOUT, "export request timeout, ms (default 10000)");
    d.put(OTLP_PROTOCOL, "http/protobuf (default) or http/json");
    d.put(OTLP_COMPRESSION, "gzip or none (default none)");
    d.put(CORRELATION_HEADERS, "inbound correlation headers in order of preference (default X-Correlation-ID,X-Request-ID)");
    d.put(CORRELATION_BAGGAGE, "also carry the correlation ID as W3C baggage member correlation_id (default true)");
    d.put(CORRELATION_RESPONSE_HEADER, "return the correlation ID on server responses (default true)");
    d.put(TRACEVIEW_ENABLED, "the built-in trace view on the metrics port at /traces (default true)");
    d.put(TRACEVIEW_MAX_TRACES, "traces the trace view keeps in memory (default 200)");
    d.put(TRACEVIEW_MAX_SPANS, "spans the trace view keeps in memory in all (default 5000)");
    d.put(TRACEVIEW_MAX_BYTES, "memory for the trace view's kept spans, bytes, allocated as spans are kept (default 2097152)");
    d.put(
        TRACEVIEW_TRACES_PER_SECOND,
        "new traces the trace view keeps a second, and as many more with errors (default 50)");
    d.put(HEALTH_SLOW_MS, "p95 latency (ms) above which a dependency is DEGRADED (default 2000)");
    d.put(HEALTH_READY_DEPENDENCIES, "dependency ids (kind:name, as /health/dependencies lists them) that must not be DOWN for /health/ready");
    DESCRIPTIONS = Collections.unmodifiableMap(d);
  }

  /**
   * Test-only fault injection: instrumentation names (or {@code all}) whose advice throws on
   * every enter and exit. Not documented for users.
   */
  public static final String TESTING_ADVICE_THROW = "lantern.testing.advice-throw";

  /**
   * Test-only: milliseconds the background start waits before preparing the instrumentation, so
   * that tests can load classes before the agent is ready and see them retransformed. Not
   * documented for users.
   */
  public static final String TESTING_READY_DELAY_MS = "lantern.testing.ready-delay-ms";

  /** Keys read by tests and fault injection, accepted without a warning. */
  public static final java.util.List<String> INTERNAL =
      Arrays.asList(TESTING_ADVICE_THROW, TESTING_READY_DELAY_MS);

  private ConfigKeys() {}

  public static String instrumentationEnabledKey(String module) {
    return INSTRUMENTATION_PREFIX + module + ENABLED_SUFFIX;
  }

  /** lantern.metrics.port → LANTERN_METRICS_PORT (dots and dashes become underscores). */
  public static String toEnvName(String key) {
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      out.append(c == '.' || c == '-' ? '_' : Character.toUpperCase(c));
    }
    return out.toString();
  }
}
