package dev.lantern.agent.metrics;

import dev.lantern.agent.api.health.DependencyHealth;
import dev.lantern.agent.api.health.DependencyWindow;
import java.time.Instant;
import java.util.List;

/** The JSON of {@code /health/dependencies}, and the readiness check over required dependencies. */
public final class DependencyReport {

  private final List<String> required;

  public DependencyReport(List<String> required) {
    this.required = required;
  }

  public String json() {
    long now = System.currentTimeMillis();
    StringBuilder json = new StringBuilder("{\"windowSeconds\":").append(DependencyWindow.SECONDS)
        .append(",\"dependencies\":[");
    boolean first = true;
    for (DependencyHealth.Dependency d : DependencyHealth.all()) {
      DependencyWindow.Snapshot s = DependencyHealth.snapshot(d);
      json.append(first ? "" : ",")
          .append("{\"id\":").append(ReadinessReport.quote(d.id()))
          .append(",\"kind\":").append(ReadinessReport.quote(d.kind))
          .append(",\"name\":").append(ReadinessReport.quote(d.name))
          .append(",\"status\":\"").append(DependencyHealth.status(s, now)).append('"')
          .append(",\"healthScore\":").append(String.format(java.util.Locale.ROOT, "%.3f", DependencyHealth.score(s)))
          .append(",\"callsPerSecond\":").append(String.format(java.util.Locale.ROOT, "%.3f", s.calls / (double) DependencyWindow.SECONDS))
          .append(",\"errorRate\":").append(String.format(java.util.Locale.ROOT, "%.3f", s.errorRate()))
          .append(",\"p95Millis\":").append(s.p95Millis < 0 ? "null" : Long.toString(s.p95Millis))
          .append(",\"callsInWindow\":").append(s.calls)
          .append(",\"lastSuccess\":").append(time(s.lastSuccessMillis))
          .append(",\"lastFailure\":").append(time(s.lastFailureMillis))
          .append('}');
      first = false;
    }
    return json.append("]}").toString();
  }

  /** The required dependencies that are DOWN now (unknown ones count as not down). */
  public java.util.List<String> requiredDown() {
    java.util.List<String> down = new java.util.ArrayList<>();
    if (required.isEmpty()) {
      return down;
    }
    long now = System.currentTimeMillis();
    for (DependencyHealth.Dependency d : DependencyHealth.all()) {
      if (required.contains(d.id())
          && DependencyHealth.status(DependencyHealth.snapshot(d), now) == DependencyHealth.Status.DOWN) {
        down.add(d.id());
      }
    }
    return down;
  }

  private static String time(long millis) {
    return millis == 0 ? "null" : ReadinessReport.quote(Instant.ofEpochMilli(millis).toString());
  }
}
