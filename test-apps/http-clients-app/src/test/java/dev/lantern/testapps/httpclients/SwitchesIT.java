package dev.lantern.testapps.httpclients;

import static dev.lantern.testapps.httpclients.TestBed.CALLER;
import static dev.lantern.testapps.httpclients.TestBed.DOWNSTREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code lantern.instrumentation.<name>.enabled=false} for each client instrumentation: its
 * library's calls get no span, no propagation headers and no duration sample, its classes are not
 * transformed, and another client in the same app is still traced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwitchesIT {

  private TestBed bed;

  @BeforeAll
  void start() {
    bed = new TestBed();
  }

  @AfterAll
  void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  @ParameterizedTest(name = "{0} off")
  @CsvSource({
    "http-url-connection, url-connection, okhttp",
    "okhttp, okhttp-async, url-connection",
    "apache-httpclient-5, apache5-async, okhttp",
    "apache-httpclient-4, apache4, okhttp",
  })
  void switchedOffInstrumentationDoesNothing(String module, String client, String stillTraced) {
    try (AgentApp caller = bed.startCaller(ClientVersion.DEFAULT,
        b -> b.sysProp("lantern.instrumentation." + module + ".enabled", "false"))) {
      Traces trace = Traces.fresh();
      String body = TestBed.call(caller, Map.of("client", client, "target", "/headers"),
          trace.headers("corr-off")).body();

      assertTrue(body.startsWith("STATUS 200\n"), body);
      assertFalse(body.contains("traceparent:"), body);
      assertFalse(body.contains("x-correlation-id:"), body);
      assertFalse(body.contains("baggage:"), body);
      List<ReceivedSpan> spans = bed.awaitTrace(trace.traceId(), 0, 0);
      assertTrue(spans.stream().noneMatch(s -> s.kind().equals("CLIENT")), spans.toString());
      assertTrue(spans.stream().noneMatch(s -> TestBed.isFrom(s, DOWNSTREAM)), "downstream's span is a root of its own");

      PrometheusScrape scrape = caller.scrape();
      assertEquals(0.0, scrape.sum("lantern_agent_transforms_total", Map.of("instrumentation", module)));
      assertEquals(0.0, scrape.value("lantern_agent_instrumentation_enabled", Map.of("instrumentation", module)));
      assertEquals(0.0, scrape.sum("http_client_request_duration_seconds_count", Map.of()));
      assertTrue(caller.agentLines().stream().anyMatch(l -> l.contains("off=[" + module + "]")), caller.agentLines().toString());

      Traces other = Traces.fresh();
      String tracedBody = TestBed.call(caller, Map.of("client", stillTraced, "target", "/headers"),
          other.headers("corr-on")).body();
      ReceivedSpan client2 = TestBed.only(bed.awaitTrace(other.traceId(), 1, 1), CALLER, "CLIENT");
      assertTrue(tracedBody.contains("traceparent: 00-" + other.traceId() + "-" + client2.spanId()), tracedBody);
    }
  }
}
