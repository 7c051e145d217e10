package dev.lantern.testapps.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.Ports;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 32 concurrent clients against the application with every instrumentation on (4 s; 60 s with
 * -Dlantern.reliability.full=true): every answer right, no deadlock, every request's trace
 * complete and none duplicated (exported spans counted against requests), histogram counts equal
 * to request counts. The same with the collector down: the application answers the same, every
 * span is dropped and counted, the metrics still add up.
 */
class LoadIT {

  static final int CLIENTS = 32;
  static final Pattern WORK =
      Pattern.compile(
          "work \\d+ jdk=200:leaf okhttp=200:leaf apache5=200:leaf url=200:leaf db=item-\\d+ kafka=acked llm=ok:\\S+");

  static Duration duration() {
    return Figures.full() ? Duration.ofSeconds(60) : Duration.ofSeconds(4);
  }

  static LoadDriver.Request work(AgentApp app, String correlationPrefix) {
    return n -> {
      var r = Http.get(app.url("/work/" + n), Map.of("X-Correlation-ID", correlationPrefix + n), Duration.ofSeconds(60));
      if (r.status() != 200) {
        return "status " + r.status();
      }
      return WORK.matcher(r.body()).matches() && r.body().startsWith("work " + n + " ") ? null : r.body();
    };
  }

  @Test
  void collectorUpNoSpanLostOrDuplicatedAndMetricsEqualRequests() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app = ReliabilityApps.underAgent(otlp, "load").start()) {
      WarmUp warmUp = warmUp(app, otlp);
      List<String> shape = warmUp.shape;

      LoadDriver.Result load = LoadDriver.run(CLIENTS, duration(), 200_000, 0, work(app, "load-"));
      assertEquals(0, load.failed(), load.describe());
      int requests = load.requests;
      Probe.await("the consumer to process every record", () -> Probe.consumed(app), c -> c == requests + 1);
      Probe.Spans spans = Probe.settledSpans(app);
      assertEquals(0.0, spans.dropped(), "nothing dropped while the collector keeps up: " + spans);
      int exported = (int) (spans.exported() - warmUp.exported);
      List<ReceivedSpan> received = otlp.awaitSpanCount(exported, Probe.WAIT);
      assertEquals(exported, received.size(), "every exported span received once");

      Map<String, List<ReceivedSpan>> traces = TraceShapes.requestTraces(received, "load-");
      assertEquals(requests, traces.size(), "one trace per request");
      for (Map.Entry<String, List<ReceivedSpan>> trace : traces.entrySet()) {
        assertEquals(shape, TraceShapes.shape(trace.getValue()), "trace of " + trace.getKey() + TraceShapes.describe(trace.getValue()));
      }
      assertMetricsCount(app, requests + 1);
      assertEquals("deadlocked=0", Probe.deadlocks(app).split(" ")[0]);
      assertEquals(0.0, Probe.adviceErrors(app));
      assertTrue(app.agentWarnings().isEmpty(), app.agentWarnings().toString());
      Figures.record(
          "Load",
          CLIENTS + " clients for " + duration().toSeconds() + " s on /work (4 HTTP clients, JDBC, Kafka send + consume, OpenAI chat per request), collector up",
          load.describe() + "; " + traces.size() + " complete traces of " + shape.size()
              + " spans each, " + received.size() + " spans received, 0 lost, 0 duplicated, 0 dropped; every histogram count = requests; 0 deadlocks, 0 advice errors");
    }
  }

  @Test
  void collectorDownTheAppAnswersTheSameAndEveryDropIsCounted() {
    int closed = Ports.freePort();
    try (OtlpReceiver unused = OtlpReceiver.start();
        AgentApp app =
            ReliabilityApps.underAgent(unused, "load-no-collector")
                .sysProp("lantern.exporter.otlp.endpoint", "http://127.0.0.1:" + closed)
                .start()) {
      PatientHttp.get(app.url("/work/0"), Map.of("X-Correlation-ID", "down-warmup")).requireStatus(200);
      LoadDriver.Result load = LoadDriver.run(CLIENTS, duration(), 200_000, 0, work(app, "down-"));
      assertEquals(0, load.failed(), load.describe());
      Probe.await("the consumer to process every record", () -> Probe.consumed(app), c -> c == load.requests + 1);
      Probe.Spans spans = Probe.settledSpans(app);
      assertEquals(0.0, spans.exported(), spans.toString());
      assertEquals(spans.started(), spans.dropped(), "every span dropped is counted: " + spans);
      assertMetricsCount(app, load.requests + 1);
      assertEquals("deadlocked=0", Probe.deadlocks(app).split(" ")[0]);
      List<String> warnings = app.agentWarnings();
      assertEquals(1, warnings.size(), "the outage is one warning: " + warnings);
      assertTrue(warnings.get(0).contains("Span export to http://127.0.0.1:" + closed), warnings.get(0));
      Figures.record(
          "Load",
          CLIENTS + " clients for " + duration().toSeconds() + " s on /work, collector down",
          load.describe() + "; " + spans + "; every histogram count = requests; 1 warning; 0 deadlocks");
    }
  }

  /**
   * One {@code /work} request before the clients start: the first loads every library the
   * application uses, which would otherwise hold all 32 clients' first requests for seconds and
   * leave a short run measuring a cold start instead of load. Returns the requests it made.
   */
  static int firstRequest(AgentApp app) {
    PatientHttp.get(app.url("/work/0"), Map.of("X-Correlation-ID", "first-0")).requireStatus(200);
    return 1;
  }

  /** The shape of one request's trace, and the spans exported until it was taken. */
  record WarmUp(List<String> shape, double exported) {}

  /** Sends one request and waits for all its spans; the receiver is cleared afterwards. */
  static WarmUp warmUp(AgentApp app, OtlpReceiver otlp) {
    PatientHttp.get(app.url("/work/0"), Map.of("X-Correlation-ID", "warmup-0")).requireStatus(200);
    Probe.await("the warm-up record to be consumed", () -> Probe.consumed(app), c -> c == 1);
    Probe.Spans spans = Probe.settledSpans(app);
    List<ReceivedSpan> received = otlp.awaitSpanCount((int) spans.exported(), Probe.WAIT);
    List<ReceivedSpan> trace = TraceShapes.requestTraces(received, "warmup-").get("warmup-0");
    List<String> shape = TraceShapes.shape(trace);
    System.out.println("trace shape of one /work request:" + TraceShapes.describe(trace));
    String runtime = String.valueOf(trace.get(0).resource().get("process.runtime.version"));
    assertEquals(String.valueOf(Figures.jdk()), runtime.split("[.+]")[0], "the application runs on the JDK under test: " + runtime);
    otlp.clear();
    return new WarmUp(shape, spans.exported());
  }

  /** Every histogram and counter of the request's work counted each request exactly once. */
  static void assertMetricsCount(AgentApp app, int requests) {
    PrometheusScrape s = app.scrape();
    String port = Integer.toString(app.port());
    assertEquals(requests, s.sum("http_server_request_duration_seconds_count", Map.of("http_route", "/work")), "server /work");
    assertEquals(4.0 * requests, s.sum("http_server_request_duration_seconds_count", Map.of("http_route", "/leaf")), "server /leaf");
    assertEquals(4.0 * requests, s.sum("http_client_request_duration_seconds_count", Map.of("server_port", port)), "clients to /leaf");
    assertEquals(requests, s.sum("db_client_operation_duration_seconds_count", Map.of("db_operation_name", "SELECT")), "SELECTs");
    assertEquals(requests, s.sum("messaging_client_sent_messages_total", Map.of()), "Kafka sends");
    assertEquals(requests, s.sum("messaging_client_consumed_messages_total", Map.of()), "Kafka records consumed");
    assertEquals(requests, s.sum("messaging_process_duration_seconds_count", Map.of()), "Kafka records processed");
    assertEquals(requests, s.sum("gen_ai_client_operation_duration_seconds_count", Map.of()), "chat completions");
  }
}
