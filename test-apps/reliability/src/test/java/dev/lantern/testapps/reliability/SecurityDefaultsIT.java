package dev.lantern.testapps.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.Ports;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * By default nothing secret leaves the process: {@code /secrets} puts a marked secret in every
 * place an agent could record one (request and response bodies, Authorization, Cookie,
 * Set-Cookie and API-key headers in and out of every HTTP client and the server, query values of
 * secret-looking keys, SQL literals, bind values, a database error message, a Kafka payload, the
 * prompt and completion of an LLM call), and the marker is then searched for in every span
 * (names, attributes, events, links, resource), every line the agent printed at debug level,
 * {@code /metrics} (both formats), the trace view and the health pages. URL query values of
 * secret-looking keys are redacted on every client and server instrumentation. The agent's own
 * log never prints the credentials of its OTLP configuration, however they are set or misset.
 */
class SecurityDefaultsIT {

  private static final String MARK = "S3CR3T";

  @Test
  void noSecretInSpansLogsMetricsOrTheTraceView() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app =
            ReliabilityApps.underAgent(otlp, "secrets")
                .sysProp("lantern.log.level", "debug")
                .sysProp("lantern.exporter.otlp.headers", "Authorization=Bearer%20" + MARK + "-otlp,X-Api-Key=" + MARK + "-otlp-key")
                .start()) {
      HttpResult r =
          PatientHttp.post(
              app.url("/secrets?token=" + MARK + "-q-token&api_key=" + MARK + "-q-key&password=" + MARK + "-q-pw&user=bob"),
              "body " + MARK + "-request-body",
              Map.of(
                  "Authorization", "Bearer " + MARK + "-auth",
                  "Cookie", "session=" + MARK + "-cookie",
                  "X-Api-Key", MARK + "-api-key"));
      r.requireStatus(200);
      assertTrue(r.body().contains("jdk=200 jdk-async=200 okhttp=200 apache5=200 apache5-async=200 apache4=200 url=200 sql=duplicate-23505 kafka=acked llm=completion-holds-secret"), r.body());
      assertTrue(r.body().contains(MARK), "the application itself saw and sent its secrets");
      String correlationId = r.header("X-Correlation-ID");

      List<ReceivedSpan> spans =
          otlp.awaitSpans("the whole /secrets trace", all -> all.stream().anyMatch(s -> s.name().startsWith("process "))
              && all.stream().filter(s -> "/secrets".equals(s.attr("http.route"))).count() == 8
              && all.stream().anyMatch(s -> "lantern.openai-java".equals(s.scopeName())), Probe.WAIT);
      assertEquals("Bearer " + MARK + "-otlp", otlp.requestHeaders().get(0).get("authorization"), "the exporter sent its configured header");
      List<String> places = new ArrayList<>();
      for (ReceivedSpan s : spans) {
        places.add("span " + s + " events=" + s.events() + " links=" + s.links() + " status=" + s.statusMessage() + " resource=" + s.resource());
      }
      places.addAll(app.jvm().output());
      PrometheusScrape metrics = app.scrape();
      places.add(metrics.raw());
      places.add(PrometheusScrape.fetch(app.metricsUrl("/metrics"), PrometheusScrape.OPENMETRICS_ACCEPT));
      places.add(Http.get(app.metricsUrl("/health/ready")).body());
      places.add(Http.get(app.metricsUrl("/health/dependencies")).body());
      String traceList = Http.get(app.metricsUrl("/traces")).requireStatus(200).body();
      places.add(traceList);
      for (String traceId : spans.stream().map(ReceivedSpan::traceId).distinct().collect(Collectors.toList())) {
        places.add(Http.get(app.metricsUrl("/traces/" + traceId)).body());
      }
      places.addAll(ReliabilityApps.appLog(app));
      List<String> leaks = places.stream().filter(p -> p.contains(MARK)).collect(Collectors.toList());
      assertEquals(List.of(), leaks.stream().map(SecurityDefaultsIT::around).collect(Collectors.toList()));
      assertTrue(app.jvm().output().stream().anyMatch(l -> l.contains("[lantern] DEBUG")), "the agent logged at debug level");
      assertTrue(ReliabilityApps.appLog(app).stream().anyMatch(l -> l.contains("correlation_id=" + correlationId)),
          "the application's log line is correlated");

      Set<String> redacted = assertQueriesRedacted(spans);
      Figures.record("Security", "secrets in bodies, Authorization/Cookie/Set-Cookie/API-key headers, query values, SQL literals, bind values, a DB error, a Kafka payload, prompt and completion; agent log at debug",
          spans.size() + " spans, " + app.jvm().output().size() + " output lines, /metrics (text and OpenMetrics), trace view, health pages and the app's log searched: 0 occurrences; query values redacted on " + redacted);
    }
  }

  /** Every HTTP span's query has the values of token, key, password and signature replaced. */
  private static Set<String> assertQueriesRedacted(List<ReceivedSpan> spans) {
    Set<String> seen = new LinkedHashSet<>();
    for (ReceivedSpan s : spans) {
      if (s.kind().equals("SERVER") && "/secrets".equals(s.attr("http.route"))) {
        String query = s.attr("url.query");
        if (s.attr("url.path").equals("/secrets")) {
          assertEquals("token=REDACTED&api_key=REDACTED&password=REDACTED&user=bob", query, s.toString());
        } else {
          assertEquals("token=REDACTED&signature=REDACTED&user=bob", query, s.toString());
        }
        seen.add(s.scopeName().substring("lantern.".length()));
      }
      String url = s.attr("url.full");
      if (s.kind().equals("CLIENT") && url != null && url.contains("/secrets/leaf")) {
        assertTrue(url.endsWith("/secrets/leaf?token=REDACTED&signature=REDACTED&user=bob"), s.toString());
        seen.add(s.scopeName().substring("lantern.".length()));
      }
    }
    assertEquals(
        Set.of("jdk-httpserver", "java-http-client", "okhttp", "apache-httpclient-5", "apache-httpclient-4", "http-url-connection"),
        seen);
    return seen;
  }

  @Test
  void theAgentsOwnLogNeverPrintsExporterCredentials() {
    int closed = Ports.freePort();
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      otlp.setResponseStatus(401);
      try (AgentApp failing =
              ReliabilityApps.underAgent(otlp, "failing-auth")
                  .sysProp("lantern.log.level", "debug")
                  .sysProp("lantern.exporter.otlp.headers", "Authorization=Bearer " + MARK + "-a,broken " + MARK + "-b")
                  .env("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Basic " + MARK + "-c")
                  .start();
          AgentApp userInfo =
              ReliabilityApps.underAgent(otlp, "userinfo")
                  .sysProp("lantern.exporter.otlp.endpoint", "http://collector:" + MARK + "-d@127.0.0.1:" + closed)
                  .env("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "")
                  .sysProp("lantern.exporter.otlp.headers", "")
                  .start()) {
        for (AgentApp app : List.of(failing, userInfo)) {
          PatientHttp.get(app.url("/work/1")).requireStatus(200);
          Probe.await("an export failure", () -> Probe.spans(app).exportFailed(), d -> d > 0);
        }
        List<String> lines = new ArrayList<>(failing.jvm().output());
        lines.addAll(userInfo.jvm().output());
        lines.add(Http.get(failing.metricsUrl("/health/ready")).body());
        lines.add(Http.get(userInfo.metricsUrl("/health/ready")).body());
        List<String> leaks = lines.stream().filter(l -> l.contains(MARK)).collect(Collectors.toList());
        assertEquals(List.of(), leaks);
        // and the problems are still reported, naming the settings
        assertTrue(failing.agentWarnings().stream().anyMatch(l -> l.contains("lantern.exporter.otlp.headers") && l.contains("OTEL_EXPORTER_OTLP_HEADERS")),
            failing.agentWarnings().toString());
        assertTrue(failing.agentWarnings().stream().anyMatch(l -> l.contains("Invalid entry") && l.contains("lantern.exporter.otlp.headers")),
            failing.agentWarnings().toString());
        assertTrue(failing.agentWarnings().stream().anyMatch(l -> l.contains("collector answered HTTP 401")), failing.agentWarnings().toString());
        assertTrue(userInfo.agentWarnings().stream().anyMatch(l -> l.contains("Span export to http://127.0.0.1:" + closed + "/v1/traces failed")),
            userInfo.agentWarnings().toString());
        Figures.record("Security", "OTLP credentials in headers (well-formed, malformed, conflicting lantern.*/OTEL_*), in the endpoint's user info, with a collector answering 401 and one refusing; agent log at debug",
            lines.size() + " output lines and /health/ready searched: 0 occurrences; each problem still one warning naming the setting");
      }
    }
  }

  private static String around(String text) {
    Matcher m = Pattern.compile(".{0,150}" + MARK + ".{0,80}", Pattern.DOTALL).matcher(text);
    return m.find() ? m.group() : text;
  }
}
