package dev.lantern.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lantern.testing.PrometheusScrape.Exemplar;
import dev.lantern.testing.PrometheusScrape.Sample;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {
  private static final String PATH_RAW = "/a\\\"b\\\\c\\nd"; // as escaped in the exposition
  private static final String PATH = "/a\"b\\c\nd"; // unescaped

  private static final String EXPOSITION =
      """
      # HELP http_server_requests_seconds Duration of \\\\ HTTP "requests".\\nSecond line
      # TYPE http_server_requests_seconds histogram
      http_server_requests_seconds_bucket{method="GET",path="PATH",le="0.1"} 3
      http_server_requests_seconds_bucket{method="GET",path="PATH",le="1.0"} 5 # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="00f067aa0ba902b7"} 0.42 1700000000.123
      http_server_requests_seconds_bucket{method="GET",path="PATH",le="+Inf"} 6
      http_server_requests_seconds_sum{method="GET",path="PATH"} 7.25
      http_server_requests_seconds_count{method="GET",path="PATH"} 6
      http_server_requests_seconds_created{method="GET",path="PATH"} 1.7e9
      # a free-form comment
      #
      # HELP
      # UNIT http_server_requests_seconds seconds

      # TYPE jobs_total counter
      jobs_total{queue="fast"} 10 1700000000000
      jobs_total{ queue = "slow" , } 2.5e1
      jobs_total{queue="slow2"}\t3
      # TYPE temperature gauge
      temperature{sensor="a"} NaN
      temperature{sensor="b"} +Inf
      temperature{sensor="c"} -Inf
        up 1
      # EOF
      this line is after EOF and is ignored
      """
          .replace("PATH", PATH_RAW);

  @Test
  void parsesHistogramsEscapesSpecialValuesAndExemplars() {
    PrometheusScrape scrape = PrometheusScrape.parse(EXPOSITION);

    assertEquals(
        Map.of(
            "http_server_requests_seconds", "histogram",
            "jobs_total", "counter",
            "temperature", "gauge"),
        scrape.types());
    assertEquals(
        "Duration of \\ HTTP \"requests\".\nSecond line",
        scrape.helps().get("http_server_requests_seconds"));

    List<Sample> buckets = scrape.samples("http_server_requests_seconds_bucket");
    assertEquals(3, buckets.size());
    assertEquals(PATH, buckets.get(0).label("path"));
    assertEquals(List.of("method", "path", "le"), List.copyOf(buckets.get(0).labels().keySet()));
    assertEquals(6.0, scrape.value("http_server_requests_seconds_bucket", Map.of("le", "+Inf")));
    assertEquals(
        3.0,
        scrape.value(
            "http_server_requests_seconds_bucket", Map.of("path", PATH, "le", "0.1")));
    assertEquals(7.25, scrape.value("http_server_requests_seconds_sum", Map.of("method", "GET")));
    assertEquals(6.0, scrape.value("http_server_requests_seconds_count", Map.of()));
    assertEquals(1.7e9, scrape.value("http_server_requests_seconds_created", Map.of()));

    Sample withExemplar =
        scrape.find("http_server_requests_seconds_bucket", Map.of("le", "1.0")).orElseThrow();
    assertEquals(5.0, withExemplar.value());
    Exemplar exemplar = withExemplar.exemplar().orElseThrow();
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", exemplar.labels().get("trace_id"));
    assertEquals("00f067aa0ba902b7", exemplar.labels().get("span_id"));
    assertEquals(0.42, exemplar.value());
    assertTrue(buckets.get(0).exemplar().isEmpty());

    assertEquals(10.0, scrape.value("jobs_total", Map.of("queue", "fast")));
    assertEquals(25.0, scrape.value("jobs_total", Map.of("queue", "slow")));
    assertEquals(3.0, scrape.value("jobs_total", Map.of("queue", "slow2")));
    assertEquals(38.0, scrape.sum("jobs_total", Map.of()));
    assertEquals(0.0, scrape.sum("absent_total", Map.of()));

    assertTrue(Double.isNaN(scrape.value("temperature", Map.of("sensor", "a"))));
    assertEquals(Double.POSITIVE_INFINITY, scrape.value("temperature", Map.of("sensor", "b")));
    assertEquals(Double.NEGATIVE_INFINITY, scrape.value("temperature", Map.of("sensor", "c")));
    assertEquals(1.0, scrape.value("up", Map.of()));

    assertTrue(scrape.has("up"));
    assertTrue(scrape.has("http_server_requests_seconds_count"));
    assertTrue(scrape.has("http_server_requests_seconds"), "a declared family with samples");
    assertFalse(scrape.has("jobs"));
    assertFalse(scrape.has("this"));
    assertEquals(Optional.empty(), scrape.find("jobs_total", Map.of("queue", "none")));
    assertEquals(
        List.of(
            "http_server_requests_seconds_bucket",
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_created",
            "http_server_requests_seconds_sum",
            "jobs_total",
            "temperature",
            "up"),
        List.copyOf(scrape.names()));
    assertEquals(13, scrape.samples().size());
    assertEquals(EXPOSITION, scrape.raw());
    assertNull(scrape.contentType());
  }

  @Test
  void valueNamesTheCandidatesWhenNotExactlyOneMatches() {
    PrometheusScrape scrape = PrometheusScrape.parse(EXPOSITION);
    AssertionError several =
        assertThrows(AssertionError.class, () -> scrape.value("jobs_total", Map.of()));
    assertTrue(several.getMessage().contains("found 3"), several.getMessage());
    assertTrue(several.getMessage().contains("jobs_total{queue=\"slow2\"} 3.0"),
        several.getMessage());

    AssertionError none =
        assertThrows(AssertionError.class, () -> scrape.value("job_total", Map.of()));
    assertTrue(none.getMessage().contains("found 0"), none.getMessage());
    assertTrue(none.getMessage().contains("jobs_total"), none.getMessage());
  }

  @Test
  void rejectsMalformedSampleLines() {
    AssertionError unterminated =
        assertThrows(
            AssertionError.class, () -> PrometheusScrape.parse("ok 1\nfoo{bar=\"x} 1\n"));
    assertTrue(unterminated.getMessage().contains("line 2"), unterminated.getMessage());
    AssertionError notANumber =
        assertThrows(AssertionError.class, () -> PrometheusScrape.parse("foo 1.0d"));
    assertTrue(notANumber.getMessage().contains("not a number"), notANumber.getMessage());
    assertThrows(AssertionError.class, () -> PrometheusScrape.parse("foo{a=\"1\",a=\"2\"} 1"));
    assertThrows(AssertionError.class, () -> PrometheusScrape.parse("foo"));
    assertThrows(AssertionError.class, () -> PrometheusScrape.parse("foo 1 2 3"));
  }

  @Test
  void acceptsQuotedUtf8MetricNames() {
    PrometheusScrape scrape = PrometheusScrape.parse("{\"http.server.duration\",a=\"b\"} 2\n");
    assertEquals(2.0, scrape.value("http.server.duration", Map.of("a", "b")));
  }

  @Test
  void scrapesARealEndpointAndNegotiatesTheFormat() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/metrics", PrometheusScrapeTest::serveMetrics);
    server.createContext(
        "/broken", exchange -> respond(exchange, 500, "text/plain", "boom: registry closed"));
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try {
      PrometheusScrape text = PrometheusScrape.scrape(base + "/metrics");
      assertEquals(42.0, text.value("requests_total", Map.of("code", "200")));
      assertTrue(text.contentType().startsWith("text/plain"), text.contentType());

      PrometheusScrape open =
          PrometheusScrape.scrape(base + "/metrics", PrometheusScrape.OPENMETRICS_ACCEPT);
      assertTrue(open.contentType().startsWith("application/openmetrics-text"));
      assertEquals(42.0, open.value("requests_total", Map.of("code", "200")));
      assertEquals("abc", open.find("requests_total", Map.of()).orElseThrow()
          .exemplar().orElseThrow().labels().get("trace_id"));

      String raw = PrometheusScrape.fetch(base + "/metrics", "application/openmetrics-text");
      assertTrue(raw.endsWith("# EOF\n"), raw);
      HttpResult plain = Http.get(base + "/metrics", Map.of("Accept", "text/plain"));
      assertEquals(200, plain.status());
      assertEquals("text/plain; version=0.0.4; charset=utf-8", plain.contentType());
      assertEquals(List.of("text/plain; version=0.0.4; charset=utf-8"),
          plain.headers().get("content-type"));

      AssertionError broken =
          assertThrows(AssertionError.class, () -> PrometheusScrape.scrape(base + "/broken"));
      assertTrue(broken.getMessage().contains("HTTP 500"), broken.getMessage());
      assertTrue(broken.getMessage().contains("boom: registry closed"), broken.getMessage());
    } finally {
      server.stop(0);
    }
    AssertionError refused =
        assertThrows(
            AssertionError.class,
            () -> PrometheusScrape.scrape("http://127.0.0.1:" + Ports.freePort() + "/metrics"));
    assertTrue(refused.getMessage().contains("scrape of"), refused.getMessage());
  }

  private static void serveMetrics(HttpExchange exchange) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    if (accept != null && accept.contains("application/openmetrics-text")) {
      respond(
          exchange,
          200,
          "application/openmetrics-text; version=1.0.0; charset=utf-8",
          "# TYPE requests counter\n"
              + "requests_total{code=\"200\"} 42 # {trace_id=\"abc\"} 1.0\n"
              + "requests_created{code=\"200\"} 1.7e9\n"
              + "# EOF\n");
    } else {
      respond(
          exchange,
          200,
          "text/plain; version=0.0.4; charset=utf-8",
          "# HELP requests_total Requests.\n# TYPE requests_total counter\n"
              + "requests_total{code=\"200\"} 42.0\n");
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
