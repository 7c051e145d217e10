package dev.lantern.agent.api.db;

import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.correlation.CorrelationSettings;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * Installs the agent runtime once per test JVM with an SDK that keeps spans in memory (public: the
 * runtime can be installed only once, so every test of this module uses this one).
 */
public final class TestRuntime {

  public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

  static {
    SdkTracerProvider tracers =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build();
    AgentRuntime.install(
        null, OpenTelemetrySdk.builder().setTracerProvider(tracers).build(), CorrelationSettings.DEFAULT);
  }

  private TestRuntime() {}

  public static void install() {
    // the static initializer did it
  }
}
