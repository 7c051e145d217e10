package dev.lantern.demo.launcher;

import java.io.PrintStream;

/** Prints where to look once the demo runs. */
public final class Guide {

  private Guide() {}

  public static void print(Demo demo, PrintStream out) {
    DemoSettings s = demo.settings();
    String llm = demo.infrastructure().llm().baseUrl();
    out.println();
    out.println("Lantern demo is running (Ctrl-C stops everything)");
    out.println();
    out.println("  webhook -> ingress :" + s.ingressPort() + " -> Kafka -> classifier (LLM :" + s.llmPort()
        + ", database) -> gateway :" + s.gatewayPort());
    out.println();
    out.println("  send a webhook:");
    out.println("    curl -i -H 'Content-Type: application/json' -H 'X-Correlation-ID: my-webhook-1' \\");
    out.println("      -d '{\"source\":\"support\",\"text\":\"I was charged twice on my last invoice\"}' "
        + Demo.url(s.ingressPort()) + "/webhooks");
    out.println("  read the results:   curl -s " + Demo.url(s.gatewayPort()) + "/results   (one: /results/<id>)");
    out.println();
    out.printf("  %-11s %-36s %s%n", "service", "metrics", "traces");
    row(out, "ingress", s.ingressMetricsPort());
    row(out, "classifier", s.classifierMetricsPort());
    row(out, "gateway", s.gatewayMetricsPort());
    out.println("  a webhook's trace:  " + Demo.url(s.classifierMetricsPort()) + "/traces?correlation=my-webhook-1");
    out.println("  dependency health:  " + Demo.url(s.classifierMetricsPort()) + "/health/dependencies");
    out.println();
    out.println("  break something (and watch the metrics, /health/dependencies and the alert rules):");
    out.println("    curl -X POST '" + llm + "/_lantern/fault?spec=500'    the LLM answers 500 (undo: POST "
        + llm + "/_lantern/reset)");
    out.println("    curl -X POST " + Demo.url(s.classifierPort()) + "/consumer/pause     the classifier stops"
        + " consuming (undo: /consumer/resume)");
    out.println();
    out.println("  Grafana dashboards and Prometheus alert rules: docs/ops/ (see README.md, \"Dashboards and alerts\")");
    out.println("  spans: LANTERN_TRACES_EXPORTER=logging prints them below, =otlp sends them to localhost:4318");
    out.println();
    out.println("DEMO_READY ingress=" + Demo.url(s.ingressPort()) + " gateway=" + Demo.url(s.gatewayPort())
        + " classifier=" + Demo.url(s.classifierPort()) + " llm=" + llm);
    out.flush();
  }

  private static void row(PrintStream out, String service, int metricsPort) {
    out.printf("  %-11s %-36s %s%n", service, Demo.url(metricsPort) + "/metrics", Demo.url(metricsPort) + "/traces");
  }
}
