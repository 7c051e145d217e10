package dev.lantern.testapps.httpclients;

import static dev.lantern.testapps.httpclients.TestBed.CALLER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a caller's outgoing requests do with odd input: 10,000 distinct paths leave one metric
 * series (no path label); unknown methods become {@code _OTHER}; a malformed traceparent, an
 * oversized or a duplicated correlation ID arriving at the caller are not forwarded; nothing
 * reaches the application as an exception.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

  private static final String HISTOGRAM = "http_client_request_duration_seconds_count";
  private static final Pattern CORRELATION = Pattern.compile("(?m)^x-correlation-id: (.*)$");

  private TestBed bed;
  private AgentApp caller;

  @BeforeAll
  void start() {
    bed = new TestBed();
    caller = bed.caller(ClientVersion.DEFAULT);
  }

  @AfterAll
  void stop() {
    if (bed != null) {
      assertEquals(0.0, caller.scrape().sum("lantern_agent_advice_errors_total", Map.of()));
      bed.close();
    }
  }

  @Test
  void tenThousandDistinctPathsMakeOneSeries() {
    String port = String.valueOf(bed.downstreamPort());
    String done = Http.get(caller.url("/loop?client=okhttp&target=/items/&n=10000"), Map.of(),
        Duration.ofMinutes(5)).requireStatus(200).body();

    assertEquals("DONE 10000 failures=0", done);
    PrometheusScrape scrape = caller.scrape();
    List<PrometheusScrape.Sample> series = scrape.samples(HISTOGRAM).stream()
        .filter(s -> port.equals(s.label("server_port"))).toList();
    assertEquals(1, series.size(), series.toString());
    assertEquals(10000.0, series.get(0).value());
    assertEquals(Set.of("http_request_method", "http_response_status_code", "server_address",
        "server_port", "error_type"), series.get(0).labels().keySet());
    assertFalse(scrape.raw().contains("/items/"), "no path in any label");
    assertEquals(0.0, scrape.sum("lantern_metric_series_overflow_total", Map.of()));
  }

  @Test
  void unknownMethodsAreOther() {
    for (String client : List.of("okhttp", "apache5", "apache5-async")) {
      Traces trace = Traces.fresh();
      String body = TestBed.call(caller, Map.of("client", client, "target", "/headers", "method", "PROPFIND"),
          trace.headers("corr-method")).body();

      assertTrue(body.startsWith("STATUS 200\nmethod: PROPFIND\n"), body);
      ReceivedSpan span = TestBed.only(bed.awaitTrace(trace.traceId(), 1, 1), CALLER, "CLIENT");
      assertEquals("HTTP", span.name());
      assertEquals("_OTHER", span.attr("http.request.method"));
      assertEquals("PROPFIND", span.attr("http.request.method_original"));
    }
    assertEquals(3.0, caller.scrape().sum(HISTOGRAM, Map.of("http_request_method", "_OTHER")));
  }

  @Test
  void malformedTraceparentStartsAFreshTrace() {
    String malformed = "00-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-0123456789abcdef-01";
    String body = Http.get(caller.url("/call?client=okhttp&target=/headers"), Map.of("traceparent", malformed))
        .requireStatus(200).body();

    String[] received = TestBed.receivedTraceparent(body);
    assertNotNull(received, body);
    assertFalse(body.contains("zzzz"), body);
    ReceivedSpan server = TestBed.only(bed.awaitTrace(received[0], 1, 1), CALLER, "SERVER");
    assertTrue(server.isRoot(), server.toString());
  }

  @Test
  void oversizedCorrelationIdIsNotForwarded() {
    String oversized = "x".repeat(10_000);
    String body = Http.get(caller.url("/call?client=apache5&target=/headers"), Map.of("X-Correlation-ID", oversized))
        .requireStatus(200).body();

    String forwarded = correlationIdSeenDownstream(body);
    assertNotEquals(oversized, forwarded);
    assertTrue(forwarded.length() <= 128, forwarded);
  }

  @Test
  void duplicateCorrelationIdsForwardOneValue() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(caller.url("/call?client=url-connection&target=/headers")))
        .header("X-Correlation-ID", "first-id").header("X-Correlation-ID", "second-id").build();
    String body = Http.send(request).requireStatus(200).body();

    String forwarded = correlationIdSeenDownstream(body);
    assertFalse(forwarded.contains(","), "one value: " + forwarded);
    assertTrue(new TreeSet<>(Arrays.asList("first-id", "second-id")).contains(forwarded)
        || forwarded.matches("[0-9a-f-]{36}"), forwarded);
  }

  private static String correlationIdSeenDownstream(String body) {
    Matcher m = CORRELATION.matcher(body);
    assertTrue(m.find(), body);
    return m.group(1);
  }
}
