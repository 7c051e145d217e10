package dev.lantern.instrumentation.kafkaclients;

import dev.lantern.agent.api.AgentConfig;
import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.correlation.CorrelationPropagator;
import dev.lantern.agent.api.correlation.CorrelationSettings;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/**
 * Installs the agent runtime once per test JVM with an SDK that keeps spans in memory and the
 * agent's propagators (W3C trace context, baggage, correlation ID), as the agent core does.
 */
final class TestTelemetry {

  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

  static {
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(tracerProvider)
            .setPropagators(
                ContextPropagators.create(
                    TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(),
                        W3CBaggagePropagator.getInstance(),
                        new CorrelationPropagator(CorrelationSettings.DEFAULT))))
            .build();
    AgentRuntime.install(new DefaultsConfig(), sdk, CorrelationSettings.DEFAULT);
  }

  private TestTelemetry() {}

  /** Call first in every test class that touches the helpers. */
  static void install() {}

  private static final class DefaultsConfig implements AgentConfig {
    @Override
    public String getString(String key) {
      return null;
    }

    @Override
    public String getString(String key, String defaultValue) {
      return defaultValue;
    }

    @Override
    public boolean getBoolean(String key, boolean defaultValue) {
      return defaultValue;
    }

    @Override
    public int getInt(String key, int defaultValue, int min, int max) {
      return defaultValue;
    }

    @Override
    public double getDouble(String key, double defaultValue, double min, double max) {
      return defaultValue;
    }

    @Override
    public List<String> getList(String key, List<String> defaultValue) {
      return defaultValue;
    }

    @Override
    public boolean isInstrumentationEnabled(String moduleName, boolean enabledByDefault) {
      return enabledByDefault;
    }
  }
}
