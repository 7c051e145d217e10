package dev.lantern.agent.api;

import dev.lantern.agent.api.correlation.CorrelationSettings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.prometheus.client.CollectorRegistry;

/**
 * What the agent core hands to instrumentations: configuration, the tracer provider, the
 * propagator and the agent's own metrics registry. Installed once, before any transformer, so that
 * advice always finds it set.
 */
public final class AgentRuntime {

  public static final String VERSION = readVersion();

  private static volatile AgentConfig config;
  private static volatile OpenTelemetry openTelemetry = OpenTelemetry.noop();
  private static final CollectorRegistry REGISTRY = new CollectorRegistry(true);
  private static volatile CorrelationSettings correlation = CorrelationSettings.DEFAULT;
  private static volatile boolean installed;

  private AgentRuntime() {}

  public static synchronized void install(
      AgentConfig agentConfig, OpenTelemetry otel, CorrelationSettings correlationSettings) {
    if (installed) {
      throw new IllegalStateException("the agent runtime is already installed");
    }
    config = agentConfig;
    openTelemetry = otel;
    correlation = correlationSettings;
    installed = true;
  }

  private static String readVersion() {
    try (java.io.InputStream in = versionFile()) {
      java.util.Properties properties = new java.util.Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * Read from the agent jar directly: asked through {@code getResourceAsStream}, the agent's loader
   * would first search the application's whole class path (its parent), some milliseconds of the
   * start-up thread.
   */
  private static java.io.InputStream versionFile() throws java.io.IOException {
    ClassLoader loader = AgentRuntime.class.getClassLoader();
    if (loader instanceof dev.lantern.bootstrap.AgentClassLoader) {
      java.net.URL url =
          ((dev.lantern.bootstrap.AgentClassLoader) loader)
              .findAgentResource("dev/lantern/agent/api/version.properties");
      return url == null ? null : url.openStream();
    }
    return AgentRuntime.class.getResourceAsStream("version.properties");
  }

  public static AgentConfig config() {
    return config;
  }

  public static OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** The tracer of one instrumentation; its scope name is {@code lantern.<module>}. */
  public static Tracer tracer(String moduleName) {
    return openTelemetry.getTracer("lantern." + moduleName, VERSION);
  }

  public static TextMapPropagator propagator() {
    return openTelemetry.getPropagators().getTextMapPropagator();
  }

  /** The agent's own registry, served on the metrics port; never the JVM-global default one. */
  public static CollectorRegistry registry() {
    return REGISTRY;
  }

  public static CorrelationSettings correlation() {
    return correlation;
  }
}
