package dev.lantern.agent.metrics;

import dev.lantern.agent.trace.ExportHealth;
import dev.lantern.agent.trace.ExportQueueProcessor;
import java.time.Instant;

/**
 * The JSON of {@code /health/ready}: the agent is up (it only answers once started), with the
 * state of span export so an operator can see at a glance whether spans reach the collector.
 */
public final class ReadinessReport {

  private final String version;
  private final String serviceName;
  private final ExportHealth health;
  private final ExportQueueProcessor queue;
  private final long startMillis = System.currentTimeMillis();

  public ReadinessReport(
      String version, String serviceName, ExportHealth health, ExportQueueProcessor queue) {
    this.version = version;
    this.serviceName = serviceName;
    this.health = health;
    this.queue = queue;
  }

  /** The JSON; DOWN (and HTTP 503) when a required dependency is down. */
  public String json(java.util.List<String> requiredDown) {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"status\":\"").append(requiredDown.isEmpty() ? "UP" : "DOWN").append('"');
    if (!requiredDown.isEmpty()) {
      json.append(",\"requiredDependenciesDown\":[");
      for (int i = 0; i < requiredDown.size(); i++) {
        json.append(i == 0 ? "" : ",").append(quote(requiredDown.get(i)));
      }
      json.append(']');
    }
    json.append(",\"agent\":{\"version\":")
        .append(quote(version))
        .append(",\"service\":")
        .append(quote(serviceName))
        .append(",\"uptimeSeconds\":")
        .append((System.currentTimeMillis() - startMillis) / 1000)
        .append("},\"exporter\":{\"type\":")
        .append(quote(health.exporter()))
        .append(",\"endpoint\":")
        .append(quote(health.endpoint()))
        .append(",\"reachable\":")
        .append(health.reachable())
        .append(",\"consecutiveFailures\":")
        .append(health.consecutiveFailures())
        .append(",\"lastSuccess\":")
        .append(time(health.lastSuccessMillis()))
        .append(",\"lastFailure\":")
        .append(time(health.lastFailureMillis()))
        .append(",\"lastError\":")
        .append(health.lastError() == null ? "null" : quote(health.lastError()))
        .append("},\"spans\":{\"queued\":")
        .append(queue == null ? 0 : queue.queued())
        .append(",\"exported\":")
        .append(queue == null ? 0 : queue.exportedCount())
        .append(",\"dropped\":")
        .append(queue == null ? 0 : queue.droppedCount())
        .append("}}");
    return json.toString();
  }

  private static String time(long millis) {
    return millis == 0 ? "null" : quote(Instant.ofEpochMilli(millis).toString());
  }

  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
