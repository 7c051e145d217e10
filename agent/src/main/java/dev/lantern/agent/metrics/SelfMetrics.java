package dev.lantern.agent.metrics;

import dev.lantern.agent.api.metrics.AgentMetrics;
import dev.lantern.agent.api.metrics.LabeledChildren;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent's own health in numbers: what it instrumented, what failed, what its advice threw.
 * Spans started/exported/dropped are counted by the export queue.
 */
public final class SelfMetrics {

  private final LabeledChildren<Counter.Child> transforms;
  private final LabeledChildren<Counter.Child> adviceErrors;
  private final Gauge instrumentations;

  public SelfMetrics() {
    Counter transformCounter =
        AgentMetrics.counter(
            "lantern_agent_transforms_total",
            "Classes the agent instrumented (result=applied) or failed to (result=failed), by instrumentation.",
            "instrumentation",
            "result");
    transforms = new LabeledChildren<>(transformCounter, "lantern_agent_transforms_total", 2, 500);
    Counter errorCounter =
        AgentMetrics.counter(
            "lantern_agent_advice_errors_total",
            "Errors thrown inside the agent's advice and contained there, by instrumentation.",
            "instrumentation");
    adviceErrors = new LabeledChildren<>(errorCounter, "lantern_agent_advice_errors_total", 1, 500);
    instrumentations =
        AgentMetrics.gauge(
            "lantern_agent_instrumentation_enabled",
            "1 for each instrumentation that is switched on, 0 for each that is off.",
            "instrumentation");
  }

  public void transformApplied(String module) {
    transforms.get(module, "applied").inc();
  }

  public void transformFailed(String module) {
    transforms.get(module, "failed").inc();
  }

  public void adviceError(String module) {
    adviceErrors.get(module).inc();
  }

  public void instrumentation(String module, boolean enabled) {
    instrumentations.labels(module).set(enabled ? 1 : 0);
  }

  /** {@code lantern_agent_info} and {@code target_info} (the resource, as OpenTelemetry's Prometheus exporter writes it). */
  public void info(
      String version, double premainSeconds, double readySeconds, Map<String, String> resource) {
    AgentMetrics.gauge("lantern_agent_info", "The running Lantern agent.", "version")
        .labels(version)
        .set(1);
    Gauge startup =
        AgentMetrics.gauge(
            "lantern_agent_startup_seconds",
            "Start-up time of the agent: phase=premain is what the application waited for,"
                + " phase=ready is until instrumentation was in place (in the background).",
            "phase");
    startup.labels("premain").set(premainSeconds);
    startup.labels("ready").set(readySeconds);
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, String> e : resource.entrySet()) {
      String name = labelName(e.getKey());
      if (!names.contains(name)) {
        names.add(name);
        values.add(e.getValue());
      }
    }
    AgentMetrics.gauge("target_info", "Target metadata.", names.toArray(new String[0]))
        .labels(values.toArray(new String[0]))
        .set(1);
  }

  /** service.name → service_name, as the OpenTelemetry Prometheus exporter names labels. */
  static String labelName(String attribute) {
    StringBuilder out = new StringBuilder(attribute.length());
    for (int i = 0; i < attribute.length(); i++) {
      char c = attribute.charAt(i);
      out.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
    }
    if (out.length() == 0 || Character.isDigit(out.charAt(0))) {
      out.insert(0, "key_");
    }
    return out.toString();
  }
}
