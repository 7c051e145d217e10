package dev.lantern.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The three ways the checkout app is started. Both agents trace (OTLP/HTTP to the same local
 * sink) and serve Prometheus metrics, so they do comparable work.
 */
enum AgentSetup {
  NONE("none"),
  LANTERN("lantern"),
  OTEL("otel");

  final String label;

  AgentSetup(String label) {
    this.label = label;
  }

  List<String> jvmArgs(HarnessOptions options, String otlpEndpoint, int metricsPort) {
    List<String> args = new ArrayList<>();
    switch (this) {
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
