package dev.lantern.testapps.reliability;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.PrometheusScrape;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Reads the application's own figures and the agent's self-metrics, and waits for them. */
final class Probe {

  static final Duration WAIT = Duration.ofSeconds(60);

  private Probe() {}

  /** Heap in use after full collections, measured by the application's MXBeans. */
  static long heapAfterGc(AgentApp app) {
    return Long.parseLong(Http.get(app.url("/debug/heap"), Map.of(), Duration.ofSeconds(60)).requireStatus(200).body().trim());
  }

  static String deadlocks(AgentApp app) {
    return PatientHttp.get(app.url("/debug/deadlocks")).requireStatus(200).body();
  }

  static long consumed(AgentApp app) {
    String body = PatientHttp.get(app.url("/debug/consumed")).requireStatus(200).body().trim();
    return Long.parseLong(body.split(" ")[0]);
  }

  /** Polls until {@code value} satisfies {@code until}; fails with the last value after {@link #WAIT}. */
  static <T> T await(String what, Supplier<T> value, Predicate<T> until) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = value.get();
      if (until.test(last)) {
        return last;
      }
      sleep(200);
    }
    throw new AssertionError("waited " + WAIT + " for " + what + "; last value: " + last);
  }

  /** The agent's span accounting at one scrape. */
  record Spans(double started, double exported, double queueFull, double exportFailed, double queued) {
    double dropped() {
      return queueFull + exportFailed;
    }

    /** Every started span is exported, dropped (counted) or still queued. */
    boolean settled() {
      return started == exported + dropped() + queued;
    }

    @Override
    public String toString() {
      return String.format(
          "started %.0f, exported %.0f, dropped %.0f (queue_full %.0f, export_failed %.0f), queued %.0f",
          started, exported, dropped(), queueFull, exportFailed, queued);
    }
  }

  static Spans spans(AgentApp app) {
    PrometheusScrape s = app.scrape();
    return new Spans(
        s.sum("lantern_agent_spans_started_total", Map.of()),
        s.sum("lantern_agent_spans_exported_total", Map.of()),
        s.sum("lantern_agent_spans_dropped_total", Map.of("reason", "queue_full")),
        s.sum("lantern_agent_spans_dropped_total", Map.of("reason", "export_failed")),
        s.sum("lantern_agent_export_queue_spans", Map.of()));
  }

  /** Waits until the export has settled: nothing queued, every span exported or dropped. */
  static Spans settledSpans(AgentApp app) {
    return await("the span export to settle", () -> spans(app), s -> s.queued == 0 && s.settled());
  }

  static double adviceErrors(AgentApp app) {
    return app.scrape().sum("lantern_agent_advice_errors_total", Map.of());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
