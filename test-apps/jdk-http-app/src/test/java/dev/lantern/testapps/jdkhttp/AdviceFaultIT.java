package dev.lantern.testapps.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.Ports;
import dev.lantern.testing.PrometheusScrape;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * With {@code lantern.testing.advice-throw=all} every advice of every instrumentation throws on
 * enter and exit: the application must answer exactly as it does without the agent, and each
 * instrumentation's failure is logged once and counted.
 */
class AdviceFaultIT {

  private static final List<String> PATHS =
      List.of("/hello", "/call", "/call-async", "/call-refused", "/status/503", "/headers-free", "/fail");

  @Test
  void throwingAdviceNeverReachesTheApplication() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp broken = start(Apps.logback(otlp, "broken").sysProp("lantern.testing.advice-throw", "all"));
        AgentApp plain = start(AgentApp.builder(Apps.MAIN).classpath(Apps.logbackClasspath()).withoutAgent())) {
      for (int round = 0; round < 3; round++) {
        for (String path : PATHS) {
          assertEquals(outcome(plain, path), outcome(broken, path), path);
        }
      }
      PrometheusScrape scrape = broken.scrape();
      for (String instrumentation : List.of("jdk-httpserver", "java-http-client", "logback-mdc")) {
        assertTrue(
            scrape.value("lantern_agent_advice_errors_total", Map.of("instrumentation", instrumentation)) >= 3,
            instrumentation + " errors counted");
        List<String> logged =
            broken.agentWarnings().stream()
                .filter(l -> l.contains("Instrumentation " + instrumentation + " threw"))
                .collect(Collectors.toList());
        assertEquals(1, logged.size(), "logged once: " + logged);
      }
      assertEquals(0, otlp.spans().size(), "nothing was traced: the advice never ran");
    }
  }

  private static AgentApp start(AgentApp.Builder builder) {
    int port = Ports.freePort();
    return builder
        .sysProp("app.port", Integer.toString(port))
        .sysProp("app.downstream", "http://127.0.0.1:" + port)
        .start();
  }

  /** Status and body, with the parts that differ per process (ports, dates) left out. */
  private static String outcome(AgentApp app, String path) {
    try {
      HttpResult r = Http.get(app.url(path));
      String body = r.body().replaceAll("host: 127.0.0.1:\\d+", "host: <port>");
      return r.status() + " " + body.lines().filter(l -> !l.startsWith("date:")).collect(Collectors.joining("|"));
    } catch (UncheckedIOException e) {
      return "failed " + e.getCause().getClass().getName();
    }
  }
}
