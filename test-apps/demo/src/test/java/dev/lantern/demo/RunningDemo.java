package dev.lantern.demo;

import dev.lantern.testing.ForkedJvm;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The demo as run-demo.sh runs it (the built jar's launcher, without the agent, starting the
 * services under the built agent jar), on free ports, its spans sent to an OTLP receiver in the
 * test through the LANTERN_* environment the services inherit.
 */
final class RunningDemo implements AutoCloseable {

  static final Duration START = Duration.ofSeconds(240);

  final OtlpReceiver otlp;
  final ForkedJvm launcher;
  final int ingressPort = Ports.freePort();
  final int gatewayPort = Ports.freePort();
  final int classifierPort = Ports.freePort();
  final int llmPort = Ports.freePort();
  /** Service name → its agent's metrics port. */
  final Map<String, Integer> metricsPorts = new LinkedHashMap<>();

  private RunningDemo() {
    metricsPorts.put("ingress", Ports.freePort());
    metricsPorts.put("classifier", Ports.freePort());
    metricsPorts.put("gateway", Ports.freePort());
    otlp = OtlpReceiver.start();
    String demoJar = System.getProperty("lantern.demo.jar");
    launcher =
        ForkedJvm.builder()
            .name("demo")
            .mainClass("dev.lantern.demo.DemoMain")
            .classpath(Path.of(demoJar).toString())
            .sysProp("demo.agent.jar", ForkedJvm.agentJar().toString())
            .sysProp("demo.ingress.port", Integer.toString(ingressPort))
            .sysProp("demo.gateway.port", Integer.toString(gatewayPort))
            .sysProp("demo.classifier.port", Integer.toString(classifierPort))
            .sysProp("demo.llm.port", Integer.toString(llmPort))
            .sysProp("demo.ingress.metrics.port", metricsPorts.get("ingress").toString())
            .sysProp("demo.classifier.metrics.port", metricsPorts.get("classifier").toString())
            .sysProp("demo.gateway.metrics.port", metricsPorts.get("gateway").toString())
            .sysProp("demo.traffic.interval-ms", "1000")
            // A paused consumer's lag is refreshed every second instead of every 10 (the alert test pauses it).
            .sysProp("demo.service.jvm-args", "-Dlantern.instrumentation.kafka-clients.paused-lag-refresh-ms=1000")
            .env("LANTERN_TRACES_EXPORTER", "otlp")
            .env("LANTERN_EXPORTER_OTLP_ENDPOINT", otlp.endpoint())
            .env("LANTERN_TRACES_EXPORT_DELAY_MS", "200")
            .start();
  }

  static RunningDemo start() {
    RunningDemo demo = new RunningDemo();
    try {
      demo.launcher.awaitLine(Pattern.compile("^DEMO_READY "), START);
      return demo;
    } catch (RuntimeException | Error e) {
      demo.close();
      throw e;
    }
  }

  String ingress(String path) {
    return "http://127.0.0.1:" + ingressPort + path;
  }

  String gateway(String path) {
    return "http://127.0.0.1:" + gatewayPort + path;
  }

  String classifier(String path) {
    return "http://127.0.0.1:" + classifierPort + path;
  }

  String llm(String path) {
    return "http://127.0.0.1:" + llmPort + path;
  }

  String metrics(String service, String path) {
    return "http://127.0.0.1:" + metricsPorts.get(service) + path;
  }

  /** POSTs a webhook with this correlation ID; returns the id the ingress gave it. */
  String sendWebhook(String correlationId, String text) {
    HttpResult accepted =
        Http.post(
                ingress("/webhooks"),
                "{\"source\":\"test\",\"text\":\"" + text + "\"}",
                Map.of("Content-Type", "application/json", "X-Correlation-ID", correlationId))
            .requireStatus(202);
    java.util.regex.Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(accepted.body());
    if (!id.find()) {
      throw new AssertionError("no id in " + accepted.describe());
    }
    return id.group(1);
  }

  @Override
  public void close() {
    try {
      launcher.close();
    } finally {
      otlp.close();
    }
  }
}
