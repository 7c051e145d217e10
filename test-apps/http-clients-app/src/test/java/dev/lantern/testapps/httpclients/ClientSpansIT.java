package dev.lantern.testapps.httpclients;

import static dev.lantern.testapps.httpclients.TestBed.CALLER;
import static dev.lantern.testapps.httpclients.TestBed.DOWNSTREAM;
import static dev.lantern.testapps.httpclients.TestBed.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each client library and version, called by the caller app in one JVM against the downstream
 * service in another, both under the agent: one CLIENT span per logical request (also for Spring's
 * RestTemplate and RestClient on top of HttpURLConnection or Apache HttpClient), with the caller's
 * SERVER span as parent and the downstream SERVER span as child; trace context, baggage and the
 * correlation ID on the wire and in the logs; the duration histogram's labels; 4xx as an error
 * status; redirects inside the one span; connection refused and read timeouts recorded with the
 * exception class the application saw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientSpansIT {

  private static final String HISTOGRAM = "http_client_request_duration_seconds_count";

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

  static Stream<Arguments> clients() {
    return Stream.of(
        Arguments.of(ClientVersion.DEFAULT, "url-connection", "http-url-connection"),
        Arguments.of(ClientVersion.DEFAULT, "okhttp", "okhttp"),
        Arguments.of(ClientVersion.DEFAULT, "okhttp-async", "okhttp"),
        Arguments.of(ClientVersion.OKHTTP3, "okhttp", "okhttp"),
        Arguments.of(ClientVersion.OKHTTP3, "okhttp-async", "okhttp"),
        Arguments.of(ClientVersion.OKHTTP5, "okhttp", "okhttp"),
        Arguments.of(ClientVersion.OKHTTP5, "okhttp-async", "okhttp"),
        Arguments.of(ClientVersion.DEFAULT, "apache4", "apache-httpclient-4"),
        Arguments.of(ClientVersion.DEFAULT, "apache5", "apache-httpclient-5"),
        Arguments.of(ClientVersion.DEFAULT, "apache5-async", "apache-httpclient-5"),
        Arguments.of(ClientVersion.HTTPCLIENT5_OLD, "apache5", "apache-httpclient-5"),
        Arguments.of(ClientVersion.HTTPCLIENT5_OLD, "apache5-async", "apache-httpclient-5"),
        Arguments.of(ClientVersion.DEFAULT, "rest-template-simple", "http-url-connection"),
        Arguments.of(ClientVersion.DEFAULT, "rest-template-apache", "apache-httpclient-5"),
        Arguments.of(ClientVersion.DEFAULT, "rest-client-simple", "http-url-connection"));
  }

  @ParameterizedTest(name = "{1} ({0})")
  @MethodSource("clients")
  void successfulCall(ClientVersion version, String client, String module) {
    AgentApp caller = bed.caller(version);
    String correlationId = "corr-" + client + "-" + version.name().toLowerCase();
    Traces trace = Traces.fresh();
    Map<String, String> labels = okLabels();
    double before = count(caller, labels);

    String body = TestBed.call(caller, Map.of("client", client, "target", "/headers"),
        trace.headers(correlationId)).body();

    assertTrue(body.startsWith("STATUS 200\nmethod: GET\n"), body);
    List<ReceivedSpan> spans = bed.awaitTrace(trace.traceId(), 1, 1);
    ReceivedSpan server = only(spans, CALLER, "SERVER");
    ReceivedSpan clientSpan = only(spans, CALLER, "CLIENT");
    ReceivedSpan downstream = only(spans, DOWNSTREAM, "SERVER");
    assertEquals("GET /call", server.name());
    assertEquals("GET", clientSpan.name());
    assertEquals("lantern." + module, clientSpan.scopeName());
    assertEquals(server.spanId(), clientSpan.parentSpanId());
    assertEquals(clientSpan.spanId(), downstream.parentSpanId());
    assertEquals("GET /headers", downstream.name());
    assertEquals("GET", clientSpan.attr("http.request.method"));
    assertEquals("http://127.0.0.1:" + bed.downstreamPort() + "/headers", clientSpan.attr("url.full"));
    assertEquals("127.0.0.1", clientSpan.attr("server.address"));
    assertEquals((long) bed.downstreamPort(), clientSpan.longAttr("server.port"));
    assertEquals(200L, clientSpan.longAttr("http.response.status_code"));
    assertEquals("UNSET", clientSpan.statusCode());

    assertTrue(body.contains("traceparent: 00-" + trace.traceId() + "-" + clientSpan.spanId() + "-01\n"), body);
    assertTrue(body.contains("x-correlation-id: " + correlationId + "\n"), body);
    assertTrue(body.contains("baggage: correlation_id=" + correlationId), body);
    assertEquals(1, occurrences(body, "traceparent:"), "one traceparent header: " + body);
    assertEquals(correlationId, downstream.attr("lantern.correlation_id"));
    caller.jvm().awaitLine(Pattern.compile(".*correlation_id=" + Pattern.quote(correlationId)
        + " msg=called downstream with " + Pattern.quote(client) + "$"), TestBed.WAIT);

    assertEquals(before + 1, count(caller, labels), "one duration sample per request");
  }

  @ParameterizedTest(name = "{1} ({0})")
  @MethodSource("clients")
  void clientErrorStatusIsAnError(ClientVersion version, String client, String module) {
    AgentApp caller = bed.caller(version);
    Traces trace = Traces.fresh();
    Map<String, String> labels = Map.of("http_response_status_code", "404", "error_type", "404",
        "server_port", String.valueOf(bed.downstreamPort()));
    double before = count(caller, labels);

    String body = TestBed.call(caller, Map.of("client", client, "target", "/status/404"),
        trace.headers("corr-404")).body();

    assertEquals("STATUS 404\nstatus 404", body);
    ReceivedSpan clientSpan = only(bed.awaitTrace(trace.traceId(), 1, 1), CALLER, "CLIENT");
    assertEquals(404L, clientSpan.longAttr("http.response.status_code"));
    assertEquals("404", clientSpan.attr("error.type"));
    assertEquals("ERROR", clientSpan.statusCode());
    assertEquals(before + 1, count(caller, labels));
  }

  @ParameterizedTest(name = "{1} ({0})")
  @MethodSource("clients")
  void redirectIsOneSpanWithTheFinalStatus(ClientVersion version, String client, String module) {
    AgentApp caller = bed.caller(version);
    Traces trace = Traces.fresh();

    String body = TestBed.call(caller, Map.of("client", client, "target", "/redirect"),
        trace.headers("corr-redirect")).body();

    assertTrue(body.startsWith("STATUS 200\nmethod: GET\n"), body);
    List<ReceivedSpan> spans = bed.awaitTrace(trace.traceId(), 2, 1);
    ReceivedSpan clientSpan = only(spans, CALLER, "CLIENT");
    assertEquals(200L, clientSpan.longAttr("http.response.status_code"));
    List<ReceivedSpan> hops = spans.stream()
        .filter(s -> TestBed.isFrom(s, DOWNSTREAM) && s.kind().equals("SERVER")).toList();
    assertEquals(List.of("GET /headers", "GET /redirect"), hops.stream().map(ReceivedSpan::name).sorted().toList());
    for (ReceivedSpan hop : hops) {
      assertEquals(clientSpan.spanId(), hop.parentSpanId(), "both hops carry the client span's context: " + hop);
    }
  }

  @ParameterizedTest(name = "{1} ({0})")
  @MethodSource("clients")
  void connectionRefusedIsRecorded(ClientVersion version, String client, String module) throws Exception {
    AgentApp caller = bed.caller(version);
    Traces trace = Traces.fresh();
    int closedPort = dev.lantern.testing.Ports.freePort();

    String body = TestBed.call(caller,
        Map.of("client", client, "target", "http://127.0.0.1:" + closedPort + "/nothing"),
        trace.headers("corr-refused")).body();

    ReceivedSpan clientSpan = only(bed.awaitTrace(trace.traceId(), 0, 1), CALLER, "CLIENT");
    String errorType = assertFailureRecorded(body, clientSpan, ConnectException.class);
    assertEquals(1.0, count(caller, Map.of("server_port", String.valueOf(closedPort),
        "error_type", errorType, "http_response_status_code", "")));
  }

  @ParameterizedTest(name = "{1} ({0})")
  @MethodSource("clients")
  void readTimeoutIsRecorded(ClientVersion version, String client, String module) throws Exception {
    AgentApp caller = bed.caller(version);
    Traces trace = Traces.fresh();

    String body = TestBed.call(caller,
        Map.of("client", client, "target", "/slow", "timeoutMs", "500"), trace.headers("corr-slow")).body();

    ReceivedSpan clientSpan = only(bed.awaitTrace(trace.traceId(), 0, 1), CALLER, "CLIENT");
    String errorType = assertFailureRecorded(body, clientSpan, SocketTimeoutException.class);
    assertTrue(count(caller, Map.of("server_port", String.valueOf(bed.downstreamPort()),
        "error_type", errorType)) >= 1);
  }

  /**
   * The span's error.type is the library's exception (a subclass of {@code expected}) and one of
   * the exceptions the application received (a facade like RestTemplate wraps it).
   */
  private static String assertFailureRecorded(String body, ReceivedSpan clientSpan, Class<?> expected)
      throws ClassNotFoundException {
    assertTrue(body.startsWith("ERROR "), body);
    List<String> seenByApp = Arrays.asList(body.substring(6).trim().split(" "));
    String errorType = clientSpan.attr("error.type");
    assertNotNull(errorType, clientSpan.toString());
    assertTrue(seenByApp.contains(errorType), errorType + " not in what the app saw: " + seenByApp);
    assertTrue(expected.isAssignableFrom(Class.forName(errorType)), errorType + " is not a " + expected);
    assertEquals("ERROR", clientSpan.statusCode());
    assertTrue(clientSpan.events().stream().anyMatch(e -> e.name().equals("exception")), clientSpan.toString());
    assertEquals(null, clientSpan.longAttr("http.response.status_code"));
    return errorType;
  }

  private Map<String, String> okLabels() {
    return Map.of("http_request_method", "GET", "http_response_status_code", "200",
        "server_address", "127.0.0.1", "server_port", String.valueOf(bed.downstreamPort()), "error_type", "");
  }

  private static double count(AgentApp caller, Map<String, String> labels) {
    return PrometheusScrape.scrape(caller.metricsUrl("/metrics")).sum(HISTOGRAM, labels);
  }

  private static int occurrences(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }
}
