package dev.lantern.testapps.httpclients;

import static dev.lantern.testapps.httpclients.TestBed.CALLER;
import static dev.lantern.testapps.httpclients.TestBed.DOWNSTREAM;
import static dev.lantern.testapps.httpclients.TestBed.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client library on top of another instrumented one: an OkHttp-based SDK whose transport is
 * HttpURLConnection. The OkHttp call is the one CLIENT span; the HttpURLConnection underneath,
 * running while that call is current, adds no span, no second set of headers and no second
 * duration sample. (RestTemplate and RestClient, which are not instrumented themselves, are
 * covered in {@link ClientSpansIT}: one span from the library underneath.)
 */
class NestedClientsIT {

  @Test
  void aClientUnderAnotherClientAddsNoSpan() {
    try (TestBed bed = new TestBed()) {
      AgentApp caller = bed.caller(ClientVersion.DEFAULT);
      Map<String, String> port = Map.of("server_port", String.valueOf(bed.downstreamPort()));
      Traces trace = Traces.fresh();

      String body = TestBed.call(caller, Map.of("client", "okhttp-over-url-connection", "target", "/headers"),
          trace.headers("corr-nested")).body();

      assertTrue(body.startsWith("STATUS 200\n"), body);
      List<ReceivedSpan> spans = bed.awaitTrace(trace.traceId(), 1, 1);
      ReceivedSpan client = only(spans, CALLER, "CLIENT");
      assertEquals("lantern.okhttp", client.scopeName());
      assertEquals(client.spanId(), only(spans, DOWNSTREAM, "SERVER").parentSpanId());
      assertTrue(body.contains("traceparent: 00-" + trace.traceId() + "-" + client.spanId() + "-01\n"), body);
      assertEquals(2, body.split("traceparent:", -1).length, "one traceparent: " + body);
      PrometheusScrape scrape = caller.scrape();
      assertEquals(1.0, scrape.sum("http_client_request_duration_seconds_count", port));
      assertTrue(scrape.sum("lantern_agent_transforms_total",
          Map.of("instrumentation", "http-url-connection", "result", "applied")) >= 1,
          "HttpURLConnection was instrumented, and stayed quiet under the OkHttp call");
    }
  }
}
