package dev.lantern.testapps.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import testapp.jetty.JettyApp;

/**
 * Label cardinality under load: raw paths never become labels, and an application with more
 * routes than the cap folds the excess into one counted overflow series. Its own app instance, so
 * the cap it fills does not affect other tests.
 */
class CardinalityIT {

  @Test
  void tenThousandDistinctIdsStayOneSeriesAndThousandsOfRoutesHitTheCap() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app =
            JettyApps.builder(otlp, "jetty-cardinality")
                // metrics are recorded for every request whether or not its span is sampled
                .sysProp("lantern.traces.sampler.ratio", "0")
                .start()) {
      check(app);
    }
  }

  private static void check(AgentApp app) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results =
          java.util.stream.IntStream.range(0, 10_000)
              .mapToObj(i -> pool.submit(() -> Http.get(app.url("/shop/items/" + i)).status()))
              .collect(Collectors.toList());
      for (Future<Integer> result : results) {
        assertEquals(200, result.get(60, TimeUnit.SECONDS));
      }
      List<Future<Integer>> exact =
          java.util.stream.IntStream.range(0, JettyApp.EXACT_MAPPINGS)
              .mapToObj(i -> pool.submit(() -> Http.get(app.url("/shop/exact/" + i)).status()))
              .collect(Collectors.toList());
      for (Future<Integer> result : exact) {
        assertEquals(200, result.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    // 2,000 label sets of two histograms make a large exposition: allow it more than the usual 5 s
    long scrapeStart = System.nanoTime();
    PrometheusScrape scrape =
        PrometheusScrape.parse(
            Http.get(app.metricsUrl("/metrics"), Map.of(), java.time.Duration.ofSeconds(60)).requireStatus(200).body());
    System.out.printf("scrape of %d samples took %d ms%n", scrape.samples().size(), (System.nanoTime() - scrapeStart) / 1_000_000);
    // the JDK client may retry a GET whose connection closed under load, so at least 10,000
    double items = scrape.value("http_server_request_duration_seconds_count", Map.of("http_route", "/shop/items/*"));
    assertTrue(items >= 10_000.0 && items < 10_100, "one series for 10,000 distinct paths: " + items);
    List<PrometheusScrape.Sample> series = scrape.samples("http_server_request_duration_seconds_count");
    assertTrue(series.size() <= 2001, "capped at 2,000 label sets plus the overflow series: " + series.size());
    double overflow =
        scrape.value("http_server_request_duration_seconds_count", Map.of("http_route", "_overflow"));
    assertTrue(overflow >= JettyApp.EXACT_MAPPINGS - 2000, "overflowed observations: " + overflow);
    assertEquals(
        overflow,
        scrape.value("lantern_metric_series_overflow_total", Map.of("metric", "http_server_request_duration_seconds")),
        "every overflowed observation is counted");
    assertTrue(app.agentWarnings().isEmpty(), app.agentWarnings().toString());
    assertEquals(0.0, scrape.sum("lantern_agent_advice_errors_total", Map.of()), "nothing escaped the advice");
  }
}
