package dev.lantern.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The ways the checkout app is started. Both agents trace (OTLP/HTTP to the same local sink) and
 * serve Prometheus metrics, so they do comparable work. {@link #LANTERN_SAMPLED} is Lantern keeping
 * a fraction of traces ({@code --sampled-ratio}), what a service at high rates would run; it is not
 * in the default set.
 */
enum AgentSetup {
  NONE("none", "no agent"),
  LANTERN("lantern", "Lantern"),
  OTEL("otel", "OpenTelemetry agent"),
  LANTERN_SAMPLED("lantern-sampled", "Lantern, sampled");

  /** The setups a run has unless {@code --setups} says otherwise. */
  static final java.util.Set<AgentSetup> DEFAULT = java.util.EnumSet.of(NONE, LANTERN, OTEL);

  final String label;
  final String title;

  AgentSetup(String label, String title) {
    this.label = label;
    this.title = title;
  }

  /** The setup of a {@code --setups} name, or an error that lists the names. */
  static AgentSetup ofLabel(String label) {
    StringBuilder names = new StringBuilder();
    for (AgentSetup setup : values()) {
      if (setup.label.equals(label)) {
        return setup;
      }
      names.append(names.length() == 0 ? "" : ", ").append(setup.label);
    }
    throw new IllegalArgumentException("unknown setup \"" + label + "\"; the setups are " + names);
  }

  /** Whether the app runs under Lantern (and prints its start-up line). */
  boolean runsLantern() {
    return this == LANTERN || this == LANTERN_SAMPLED;
  }

  List<String> jvmArgs(HarnessOptions options, String otlpEndpoint, int metricsPort) {
    List<String> args = new ArrayList<>();
    switch (this) {
      case LANTERN_SAMPLED:
        args.add("-Dlantern.traces.sampler.ratio=" + options.sampledRatio);
        // fall through: otherwise the same as LANTERN
      case LANTERN:
        args.add("-javaagent:" + options.agentJar.toAbsolutePath());
        args.add("-Dlantern.service.name=checkout");
        args.add("-Dlantern.exporter.otlp.endpoint=" + otlpEndpoint);
        args.add("-Dlantern.metrics.port=" + metricsPort);
        args.add("-Dlantern.metrics.host=127.0.0.1");
        break;
      case OTEL:
        args.add("-javaagent:" + options.otelJar.toAbsolutePath());
        args.add("-Dotel.service.name=checkout");
        args.add("-Dotel.traces.exporter=otlp");
        args.add("-Dotel.exporter.otlp.protocol=http/protobuf");
        args.add("-Dotel.exporter.otlp.endpoint=" + otlpEndpoint);
        args.add("-Dotel.metrics.exporter=prometheus");
        args.add("-Dotel.exporter.prometheus.port=" + metricsPort);
        args.add("-Dotel.exporter.prometheus.host=127.0.0.1");
        args.add("-Dotel.logs.exporter=none");
        break;
      default:
        break;
    }
    return args;
  }
}
