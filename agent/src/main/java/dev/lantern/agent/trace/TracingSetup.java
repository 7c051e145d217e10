package dev.lantern.agent.trace;

import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.correlation.CorrelationBaggagePropagator;
import dev.lantern.agent.api.correlation.CorrelationPropagator;
import dev.lantern.agent.config.AgentSettings;
import dev.lantern.agent.config.SamplerSettings;
import dev.lantern.agent.traceview.TraceStore;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.IOException;
import java.util.Map;

/**
 * Builds the tracer provider by hand from the agent's settings: no SDK autoconfiguration, no
 * service-loader scanning, nothing reflective, so it costs little at start-up.
 */
public final class TracingSetup {

  private final SdkTracerProvider tracerProvider;
  private final OpenTelemetry openTelemetry;
  private final ExportHealth health;
  private final Resource resource;
  private final ExportQueueProcessor processor;
  private final TraceStore traceStore;

  public TracingSetup(AgentSettings settings) throws IOException {
    this.resource = resource(settings);
    SpanExporter exporter;
    String endpoint;
    switch (settings.exporter) {
      case "logging":
        exporter = new LoggingSpanExporter(System.err);
        endpoint = "stderr";
        break;
      case "none":
        exporter = null;
        endpoint = "none";
        break;
      default:
        exporter =
            new OtlpHttpSpanExporter(
                settings.otlpEndpoint,
                settings.otlpHeaders,
                settings.otlpTimeoutMillis,
                settings.otlpProtocol.equals("http/json"),
                settings.otlpGzip);
        endpoint = settings.otlpEndpointShown();
    }
    this.health = new ExportHealth(settings.exporter, endpoint);
    io.opentelemetry.sdk.trace.SdkTracerProviderBuilder builder =
        SdkTracerProvider.builder()
            .setResource(resource)
            .setSampler(sampler(settings.sampler))
            .setMeterProvider(SdkSpanMetricsDropped.INSTANCE);
    if (exporter != null) {
      processor =
          new ExportQueueProcessor(
              exporter,
              health,
              settings.exportQueueSize,
              settings.exportQueueBytes,
              settings.exportBatchSize,
              settings.exportDelayMillis,
              settings.otlpTimeoutMillis);
      builder.addSpanProcessor(processor);
    } else {
      // Without any processor the SDK hands out invalid spans; trace IDs in logs and propagation
      // must work with export off too.
      processor = null;
      builder.addSpanProcessor(new StartedSpanCounter());
    }
    if (settings.traceView) {
      // with OTLP protobuf export each span is encoded once, by the export queue, for both
      boolean fedByExport = processor != null && processor.encodes();
      traceStore =
          new TraceStore(
              settings.traceViewMaxTraces,
              settings.traceViewMaxSpans,
              settings.traceViewMaxBytes,
              settings.traceViewTracesPerSecond,
              !fedByExport);
      if (fedByExport) {
        processor.alsoTo(traceStore);
      }
      builder.addSpanProcessor(traceStore); // decides at a trace's first span whether to keep it
    } else {
      traceStore = null;
    }
    this.tracerProvider = builder.build();
    TextMapPropagator propagator =
        TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(),
            new CorrelationBaggagePropagator(settings.correlation),
            new CorrelationPropagator(settings.correlation));
    ContextPropagators propagators = ContextPropagators.create(propagator);
    this.openTelemetry = new AgentOpenTelemetry(tracerProvider, propagators);
  }

  static Sampler sampler(SamplerSettings settings) {
    switch (settings.name) {
      case "always_on":
        return Sampler.alwaysOn();
      case "always_off":
        return Sampler.alwaysOff();
      case "traceidratio":
        return Sampler.traceIdRatioBased(settings.ratio);
      case "parentbased_always_on":
        return Sampler.parentBased(Sampler.alwaysOn());
      case "parentbased_always_off":
        return Sampler.parentBased(Sampler.alwaysOff());
      default:
        return Sampler.parentBased(
            settings.ratio >= 1.0 ? Sampler.alwaysOn() : Sampler.traceIdRatioBased(settings.ratio));
    }
  }

  private static Resource resource(AgentSettings settings) {
    AttributesBuilder attributes = Attributes.builder();
    for (Map.Entry<String, String> e : settings.resourceAttributes.entrySet()) {
      attributes.put(e.getKey(), e.getValue());
    }
    attributes
        .put("telemetry.distro.name", "lantern")
        .put("telemetry.distro.version", AgentRuntime.VERSION)
        .put("process.pid", processId())
        .put("process.runtime.name", System.getProperty("java.runtime.name", "java"))
        .put("process.runtime.version", System.getProperty("java.runtime.version", ""));
    return Resource.getDefault().merge(Resource.create(attributes.build()));
  }

  /**
   * The process ID. On Linux it is the target of {@code /proc/self}, which costs next to nothing;
   * {@link ProcessHandle}'s initialisation took some 7 ms of the agent's start-up thread.
   */
  static long processId() {
    try {
      java.nio.file.Path self = java.nio.file.Paths.get("/proc/self");
      if (java.nio.file.Files.isSymbolicLink(self)) {
        return Long.parseLong(java.nio.file.Files.readSymbolicLink(self).toString());
      }
    } catch (java.io.IOException | RuntimeException notLinux) {
      // below
    }
    return ProcessHandle.current().pid();
  }

  /** See {@link SpanPathWarmUp}; a failure only costs the first span its class loading. */
  public void warmUpSpanPath() {
    try {
      SpanPathWarmUp.run(openTelemetry.getPropagators().getTextMapPropagator());
    } catch (RuntimeException | LinkageError e) {
      // nothing was exported or changed; the real first span loads what it needs
    }
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  public ExportHealth health() {
    return health;
  }

  public Resource resource() {
    return resource;
  }

  /** The trace view's store, or null when the trace view is off. */
  public TraceStore traceStore() {
    return traceStore;
  }

  /** The export queue, or null when the exporter is none. */
  public ExportQueueProcessor processor() {
    return processor;
  }

  public SdkTracerProvider tracerProvider() {
    return tracerProvider;
  }

  /** The agent's OpenTelemetry: its tracer provider and propagators; no metrics or logs SDK. */
  private static final class AgentOpenTelemetry implements OpenTelemetry {
    private final TracerProvider tracerProvider;
    private final ContextPropagators propagators;

    AgentOpenTelemetry(TracerProvider tracerProvider, ContextPropagators propagators) {
      this.tracerProvider = tracerProvider;
      this.propagators = propagators;
    }

    @Override
    public TracerProvider getTracerProvider() {
      return tracerProvider;
    }

    @Override
    public ContextPropagators getPropagators() {
      return propagators;
    }
  }
}
