package dev.lantern.testapps.httpclients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Ports;
import dev.lantern.testing.PrometheusScrape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The application sees the same responses and exceptions with and without the agent, for every
 * client and every kind of outcome (success, 4xx, 5xx, a request body, connection refused, read
 * timeout); and nothing the agent does shows up as an advice error or a warning.
 */
class SameBehaviourIT {

  private static final List<String> CLIENTS = List.of(
      "url-connection", "okhttp", "okhttp-async", "okhttp-over-url-connection", "apache4", "apache5",
      "apache5-async", "rest-template-simple", "rest-template-apache", "rest-client-simple");

  @Test
  void responsesAndExceptionsAreUnchanged() {
    try (TestBed bed = new TestBed();
        AgentApp plain = AgentApp.builder(HttpClientsApp.class.getName())
            .classpath(ClientVersion.DEFAULT.classpath())
            .sysProp("app.downstream", "http://127.0.0.1:" + bed.downstreamPort())
            .name("caller-without-agent")
            .withoutAgent()
            .start()) {
      AgentApp traced = bed.caller(ClientVersion.DEFAULT); // closed with the bed
      String refused = "http://127.0.0.1:" + Ports.freePort() + "/nothing";
      List<Map<String, String>> requests = List.of(
          Map.of("target", "/status/200"),
          Map.of("target", "/status/404"),
          Map.of("target", "/status/503"),
          Map.of("target", "/status/201", "method", "POST", "body", "ping"),
          Map.of("target", refused),
          Map.of("target", "/slow", "timeoutMs", "500"));
      for (String client : CLIENTS) {
        for (Map<String, String> request : requests) {
          Map<String, String> params = new LinkedHashMap<>(request);
          params.put("client", client);
          String withAgent = TestBed.call(traced, params, Map.of()).body();
          String withoutAgent = TestBed.call(plain, params, Map.of()).body();
          if (request.containsKey("timeoutMs")) {
            // OkHttp's timeout exception has a SocketException cause or none, depending on which of
            // its two timers fires first, agent or not: compare the exception itself
            withAgent = withAgent.strip().split(" ")[1];
            withoutAgent = withoutAgent.strip().split(" ")[1];
          }
          assertEquals(withoutAgent, withAgent, client + " " + request);
        }
      }
      PrometheusScrape scrape = traced.scrape();
      assertEquals(0.0, scrape.sum("lantern_agent_advice_errors_total", Map.of()));
      assertTrue(traced.agentWarnings().isEmpty(), traced.agentWarnings().toString());
      // HttpClient 4.5's class files are Java 6: raised to Java 7 when woven, and behave the same
      assertTrue(scrape.sum("lantern_agent_transforms_total", Map.of("instrumentation", "apache-httpclient-4", "result", "applied")) >= 1);
      assertEquals(0.0, scrape.sum("lantern_agent_transforms_total", Map.of("result", "failed")));
    }
  }
}
