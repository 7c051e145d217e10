package dev.lantern.testapps.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Faults outside and inside the agent while 32 clients load the application (4 s each; 2 minutes
 * each with -Dlantern.reliability.full=true): a collector that answers after 10 s, one that
 * answers 500, {@code /metrics} scraped 50 times a second, a taken metrics port, and advice that
 * throws in every instrumentation. The application's answers are always right, each fault is
 * logged once and counted. (A collector that is down: {@link LoadIT}.)
 */
class FaultsIT {

  static Duration duration() {
    return Figures.full() ? Duration.ofMinutes(2) : Duration.ofSeconds(4);
  }

  private static final int QUEUE = 256;
  private static final int BATCH = 128;

  @Test
  void slowCollectorTenSecondResponses() {
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      otlp.setResponseDelay(Duration.ofSeconds(10));
      try (AgentApp app =
          ReliabilityApps.underAgent(otlp, "slow-collector")
              .sysProp("lantern.exporter.otlp.timeout-ms", null) // the default, 10 s
              .sysProp("lantern.traces.export.delay-ms", null)
              // small enough that even the fewest requests a slow machine manages (32: one per
              // client, 14 spans each) overflow it, so the drops do not depend on the throughput
              .sysProp("lantern.traces.export.queue-size", Integer.toString(QUEUE))
              .sysProp("lantern.traces.export.batch-size", Integer.toString(BATCH))
              .start()) {
        int first = LoadIT.firstRequest(app);
        LoadDriver.Result load = LoadDriver.run(LoadIT.CLIENTS, duration(), 200_000, 0, LoadIT.work(app, "slow-"));
        assertEquals(0, load.failed(), load.describe());
        Probe.await("the consumer to process every record", () -> Probe.consumed(app), c -> c == first + load.requests);
        Probe.Spans during = Probe.spans(app);
        double inFlight = during.started() - during.exported() - during.dropped() - during.queued();
        assertTrue(inFlight >= 0 && inFlight <= BATCH, "at most one batch in flight: " + during);
        assertTrue(during.queued() <= QUEUE, "the queue is bounded: " + during);
        assertTrue(during.queueFull() > 0, "the bounded queue filled and drops were counted: " + during);
        LoadIT.assertMetricsCount(app, first + load.requests);
        assertTrue(exportWarnings(app).size() <= 1, "at most one warning for the whole outage: " + exportWarnings(app));

        otlp.resetFaults();
        Probe.Spans after = Probe.settledSpans(app);
        Figures.record(
            "Faults",
            "collector answering after 10 s (export timeout 10 s, queue " + QUEUE + " spans, batches of " + BATCH + "), " + LoadIT.CLIENTS + " clients for " + duration().toSeconds() + " s",
            load.describe() + "; " + during + " while slow; " + exportWarnings(app).size()
                + " warning; every histogram count = requests");
        assertEquals(0.0, after.queued());
      }
    }
  }

  @Test
  void collectorAnswering500() {
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      otlp.setResponseStatus(500);
      try (AgentApp app = ReliabilityApps.underAgent(otlp, "failing-collector").start()) {
        int first = LoadIT.firstRequest(app);
        LoadDriver.Result load = LoadDriver.run(LoadIT.CLIENTS, duration(), 200_000, 0, LoadIT.work(app, "f500-"));
        assertEquals(0, load.failed(), load.describe());
        Probe.await("the consumer to process every record", () -> Probe.consumed(app), c -> c == first + load.requests);
        Probe.Spans spans = Probe.settledSpans(app);
        assertEquals(0.0, spans.exported(), spans.toString());
        assertEquals(spans.started(), spans.dropped(), "every span dropped and counted: " + spans);
        LoadIT.assertMetricsCount(app, first + load.requests);
        List<String> warnings = exportWarnings(app);
        assertEquals(1, warnings.size(), "one warning for the outage: " + warnings);
        assertTrue(warnings.get(0).contains("collector answered HTTP 500"), warnings.get(0));
        assertTrue(otlp.requestCount() > 1, "it kept trying");

        otlp.resetFaults();
        PatientHttp.get(app.url("/work/recovered"), Map.of("X-Correlation-ID", "recovered")).requireStatus(200);
        otlp.awaitSpan(s -> "recovered".equals(s.attr("lantern.correlation_id")), Probe.WAIT);
        app.jvm().awaitLine(Pattern.compile(".*\\[lantern\\] INFO Span export to .* works again\\."), Probe.WAIT);
        assertEquals(1, exportWarnings(app).size(), "recovery logs no further warning");
        Figures.record(
            "Faults",
            "collector answering 500, " + LoadIT.CLIENTS + " clients for " + duration().toSeconds() + " s, then recovering",
            load.describe() + "; " + spans + "; " + otlp.requestCount() + " export attempts, 1 warning, 1 recovery line; every histogram count = requests");
      }
    }
  }

  @Test
  void metricsScrapedFiftyTimesASecondUnderLoad() throws InterruptedException {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app = ReliabilityApps.underAgent(otlp, "scraped").start()) {
      AtomicInteger scrapes = new AtomicInteger();
      List<String> scrapeFailures = Collections.synchronizedList(new ArrayList<>());
      List<Long> scrapeMicros = Collections.synchronizedList(new ArrayList<>());
      int first = LoadIT.firstRequest(app);
      long start = System.nanoTime();
      long end = start + duration().toNanos();
      // four scrapers, each 12.5 a second: one alone could not keep 50 a second when a scrape takes longer than 20 ms
      List<Thread> scrapers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long offset = t * 20_000_000L;
        Thread scraper =
            new Thread(
                () -> {
                  for (long next = start + offset; System.nanoTime() < end; next += 80_000_000L) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                      Probe.sleep(wait / 1_000_000);
                    }
                    long t0 = System.nanoTime();
                    try {
                      if (app.scrape().samples().isEmpty()) {
                        scrapeFailures.add("empty scrape");
                      }
                      scrapes.incrementAndGet();
                    } catch (AssertionError | RuntimeException e) {
                      scrapeFailures.add(e.toString());
                    }
                    scrapeMicros.add((System.nanoTime() - t0) / 1000);
                  }
                },
                "scraper-" + t);
        scraper.start();
        scrapers.add(scraper);
      }
      LoadDriver.Result load = LoadDriver.run(LoadIT.CLIENTS, duration(), 200_000, 0, LoadIT.work(app, "scraped-"));
      for (Thread scraper : scrapers) {
        scraper.join();
      }
      assertEquals(0, load.failed(), load.describe());
      assertEquals(List.of(), scrapeFailures);
      Probe.await("the consumer to process every record", () -> Probe.consumed(app), c -> c == first + load.requests);
      LoadIT.assertMetricsCount(app, first + load.requests);
      assertTrue(app.agentWarnings().isEmpty(), app.agentWarnings().toString());
      long[] sorted = scrapeMicros.stream().mapToLong(Long::longValue).sorted().toArray();
      Figures.record(
          "Faults",
          "/metrics scraped 50 times a second for " + duration().toSeconds() + " s under the load of " + LoadIT.CLIENTS + " clients",
          load.describe() + "; 50 scrapes/s offered, " + scrapes.get() + " served (" + String.format("%.0f/s", scrapes.get() / load.seconds)
              + ": the metrics port answers one scrape at a time, back to back), 0 failed, scrape p50 " + sorted[sorted.length / 2] / 1000 + " ms, p99 "
              + sorted[(int) (sorted.length * 0.99)] / 1000 + " ms; every histogram count = requests");
    }
  }

  @Test
  void metricsPortTakenIsOneWarningAndTracesStillFlow() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app =
            ReliabilityApps.underAgent(otlp, "port-taken")
                .metricsPortManagedByTest()
                .sysProp("lantern.metrics.host", "127.0.0.1")
                .sysProp("lantern.metrics.port", Integer.toString(taken.getLocalPort()))
                .start()) {
      int first = LoadIT.firstRequest(app);
      LoadDriver.Result load = LoadDriver.run(LoadIT.CLIENTS, Duration.ofSeconds(2), 200_000, 0, LoadIT.work(app, "taken-"));
      assertEquals(0, load.failed(), load.describe());
      otlp.awaitSpans("a server span of every request",
          spans -> spans.stream().filter(s -> "/work".equals(s.attr("http.route"))).count() == first + load.requests, Probe.WAIT);
      List<String> warnings = app.agentWarnings();
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("Metrics port 127.0.0.1:" + taken.getLocalPort() + " is not available"), warnings.get(0));
      Figures.record("Faults", "metrics port already taken, " + LoadIT.CLIENTS + " clients for 2 s",
          load.describe() + "; 1 warning; every request's spans exported");
    }
  }

  /** Paths whose answers must be the same with advice throwing everywhere as without the agent. */
  private static final List<String> COMPARED =
      List.of("/work/1", "/work/2", "/work/3", "/leaf/x", "/bad/forward?client=jdk", "/bad/forward?client=okhttp",
          "/bad/forward?client=apache5", "/bad/forward?client=url", "/bad/fetch?client=okhttp&bytes=100000",
          "/bad/llm?fault=429", "/bad/llm?fault=no-usage", "/spread/sql?from=0&n=3", "/spread/models?from=0&n=2",
          "/debug/nothing");

  @Test
  void adviceThrowingEverywhereChangesNothingTheApplicationSees() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp broken =
            ReliabilityApps.underAgent(otlp, "broken").sysProp("lantern.testing.advice-throw", "all").start();
        AgentApp plain = ReliabilityApps.withoutAgent("plain").start()) {
      for (String path : COMPARED) {
        assertEquals(outcome(plain, path), outcome(broken, path), path);
      }
      for (String sql : List.of("SELECT 1", "SELEC broken", "INSERT INTO items VALUES (1, 'dup')")) {
        assertEquals(post(plain, "/bad/sql", sql), post(broken, "/bad/sql", sql), sql);
      }
      assertEquals(post(plain, "/secrets", "body"), post(broken, "/secrets", "body"), "/secrets");
      LoadDriver.Result load = LoadDriver.run(LoadIT.CLIENTS, duration(), 200_000, 0, LoadIT.work(broken, "broken-"));
      assertEquals(0, load.failed(), load.describe());

      PrometheusScrape scrape = broken.scrape();
      List<String> instrumentations =
          List.of("jdk-httpserver", "java-http-client", "okhttp", "apache-httpclient-5", "apache-httpclient-4",
              "http-url-connection", "jdbc", "hikaricp", "kafka-clients", "openai-java", "logback-mdc");
      StringBuilder counted = new StringBuilder();
      for (String instrumentation : instrumentations) {
        double errors = scrape.sum("lantern_agent_advice_errors_total", Map.of("instrumentation", instrumentation));
        assertTrue(errors > 0, instrumentation + " threw and was counted");
        counted.append(instrumentation).append('=').append((long) errors).append(' ');
        List<String> logged =
            broken.agentWarnings().stream()
                .filter(l -> l.contains("Instrumentation " + instrumentation + " threw"))
                .collect(Collectors.toList());
        assertEquals(1, logged.size(), "logged once: " + logged);
      }
      assertEquals(0, otlp.spans().size(), "no advice ran to its end, so nothing was traced");
      Figures.record(
          "Faults",
          "advice of every instrumentation throwing on enter and exit (lantern.testing.advice-throw=all), then "
              + LoadIT.CLIENTS + " clients for " + duration().toSeconds() + " s",
          COMPARED.size() + 4 + " answers (statuses, bodies, exceptions, callbacks) identical to a run without the agent; "
              + load.describe() + "; errors counted " + counted.toString().trim() + "; one warning per instrumentation");
    }
  }

  private static String outcome(AgentApp app, String path) {
    try {
      HttpResult r = Http.get(app.url(path), Map.of(), Duration.ofSeconds(60));
      return r.status() + " " + normalize(r.body());
    } catch (UncheckedIOException e) {
      return "failed " + e.getCause().getClass().getName();
    }
  }

  private static String post(AgentApp app, String path, String body) {
    HttpResult r = PatientHttp.post(app.url(path), body, Map.of());
    return r.status() + " " + normalize(r.body()) + " set-cookie=" + r.header("Set-Cookie");
  }

  /** Ports differ between the two processes. */
  private static String normalize(String body) {
    return body.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>");
  }

  static List<String> exportWarnings(AgentApp app) {
    return app.agentWarnings().stream().filter(l -> l.contains("Span export to")).collect(Collectors.toList());
  }
}
