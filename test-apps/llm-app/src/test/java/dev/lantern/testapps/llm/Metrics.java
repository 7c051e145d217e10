package dev.lantern.testapps.llm;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.PrometheusScrape;
import java.util.Map;

/** Metric values before and after a step, so tests sharing one app see only their own calls. */
final class Metrics {

  private final AgentApp app;
  private PrometheusScrape before;

  private Metrics(AgentApp app) {
    this.app = app;
    this.before = app.scrape();
  }

  static Metrics snapshot(AgentApp app) {
    return new Metrics(app);
  }

  /** How much the sum of the matching samples grew since the snapshot. */
  double delta(String name, Map<String, String> labels) {
    PrometheusScrape after = app.scrape();
    return after.sum(name, labels) - before.sum(name, labels);
  }
}
