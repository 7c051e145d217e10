package dev.lantern.testapps.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import dev.lantern.testing.AgentApp;
import dev.lantern.testing.ForkedJvm;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.Ports;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The jar is also an {@code Agent-Class}: attached to a running JVM it retransforms the classes
 * already loaded, so calls made after the attach are traced.
 */
class AttachIT {

  @Test
  void attachingToARunningJvmInstrumentsAlreadyLoadedClasses() throws Exception {
    int metricsPort = Ports.freePort();
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app =
            AgentApp.builder(Apps.MAIN)
                .classpath(Apps.logbackClasspath())
                .withoutAgent()
                .sysProp("app.downstream", "http://127.0.0.1:1")
                .sysProp("lantern.service.name", "attached")
                .sysProp("lantern.exporter.otlp.endpoint", otlp.endpoint())
                .sysProp("lantern.traces.export.delay-ms", "100")
                .sysProp("lantern.metrics.port", Integer.toString(metricsPort))
                .sysProp("lantern.metrics.host", "127.0.0.1")
                .start()) {
      // the HTTP client classes are loaded before the agent arrives
      Http.get(app.url("/call-refused")).requireStatus(502);

      VirtualMachine vm = VirtualMachine.attach(Long.toString(app.jvm().pid()));
      try {
        vm.loadAgent(ForkedJvm.agentJar().toString());
      } finally {
        vm.detach();
      }
      String started =
          app.jvm().awaitLine(Pattern.compile(".*\\[lantern\\] INFO Lantern .* started \\(attached\\): .*"), Duration.ofSeconds(20));
      assertTrue(started.matches(".* \\([1-9]\\d* loaded classes retransformed, start thread CPU \\d+ ms\\).*"), started);

      Http.get(app.url("/call-refused")).requireStatus(502);
      ReceivedSpan client = otlp.awaitSpan(s -> s.kind().equals("CLIENT"), Duration.ofSeconds(15));
      assertEquals("attached", client.resource().get("service.name"));
      assertEquals("java.net.ConnectException", client.attr("error.type"));
      Ports.awaitListening(metricsPort, Duration.ofSeconds(10));
      PrometheusScrape scrape = PrometheusScrape.scrape("http://127.0.0.1:" + metricsPort + "/metrics");
      assertTrue(scrape.value("lantern_agent_transforms_total", Map.of("instrumentation", "java-http-client", "result", "applied")) >= 1);
    }
  }
}
