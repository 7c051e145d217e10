package dev.lantern.testapps.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HikariCP pool gauges, acquire time and timeouts, read against HikariCP's own MXBean. */
class HikariPoolMetricsIT {

  private static final Map<String, String> APP_POOL = Map.of("db_client_connection_pool_name", "app-pool");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static OtlpReceiver otlp;
  private static AgentApp app;

  @BeforeAll
  static void start() {
    otlp = OtlpReceiver.start();
    app =
        JdbcApps.app(otlp, "shop-pool", "jdbc:h2:mem:pool;DB_CLOSE_DELAY=-1")
            .sysProp("app.pool.max", "3")
            .sysProp("app.orm", "false")
            .start();
    // The app builds its pool in main, maybe before the agent is ready; such a pool registers at
    // its first request (HikariPoolBuiltBeforeReadyIT shows that path on its own).
    Http.get(app.url("/pool/select?id=1")).requireStatus(200);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (otlp != null) {
      otlp.close();
    }
  }

  @AfterEach
  void releaseConnections() {
    Http.get(app.url("/pool/release")).requireStatus(200);
  }

  @Test
  void gaugesMatchHikariMxBeanAsConnectionsAreHeldAndReleased() {
    Reading idle = agreeingReading(r -> r.stats.get("active") == 0);
    assertEquals(0, idle.used());
    assertEquals(3, idle.gauge("db_client_connection_max", Map.of()));
    assertEquals(1, idle.gauge("db_client_connection_idle_min", Map.of()));
    assertEquals(0, idle.gauge("db_client_connection_pending_requests", Map.of()));

    Http.get(app.url("/pool/hold?n=2")).requireStatus(200);
    Reading holding = agreeingReading(r -> r.stats.get("active") == 2);
    assertEquals(2, holding.used(), "held connections are used");

    Http.get(app.url("/pool/release")).requireStatus(200);
    Reading released = agreeingReading(r -> r.stats.get("active") == 0);
    assertEquals(0, released.used());
    assertTrue(released.idle() >= 1, "released connections go back to idle");
  }

  @Test
  void exhaustedPoolShowsPendingRequestsAndTheWaitIsTimed() throws Exception {
    double waitsBefore = app.scrape().sum("db_client_connection_wait_time_seconds_count", APP_POOL);
    Http.get(app.url("/pool/hold?n=3")).requireStatus(200);
    CompletableFuture<HttpResult> waiting =
        CompletableFuture.supplyAsync(() -> Http.get(app.url("/pool/wait"), Map.of(), Duration.ofSeconds(60)));
    Reading exhausted = agreeingReading(r -> r.stats.get("waiting") == 1);
    assertEquals(1, exhausted.gauge("db_client_connection_pending_requests", Map.of()));
    assertEquals(3, exhausted.used());
    assertEquals(0, exhausted.idle());

    Http.get(app.url("/pool/release")).requireStatus(200);
    assertEquals("got one", waiting.get(60, TimeUnit.SECONDS).requireStatus(200).body());
    Reading after = agreeingReading(r -> r.stats.get("waiting") == 0 && r.stats.get("active") == 0);
    assertEquals(0, after.gauge("db_client_connection_pending_requests", Map.of()));

    PrometheusScrape scrape = app.scrape();
    // 3 held, the waiting one, and those the app's own requests took meanwhile: at least 4 more
    assertTrue(scrape.sum("db_client_connection_wait_time_seconds_count", APP_POOL) >= waitsBefore + 4);
    Set<String> bounds =
        scrape.samples("db_client_connection_wait_time_seconds_bucket").stream()
            .filter(s -> s.hasLabels(APP_POOL))
            .map(s -> s.label("le"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        new TreeSet<>(List.of("0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1.0", "5.0", "10.0", "+Inf")),
        bounds);
  }

  @Test
  void requestThatGivesUpIsCountedAsTimeout() {
    double before = app.scrape().sum("db_client_connection_timeouts_total", APP_POOL);
    Http.get(app.url("/pool/hold?n=3")).requireStatus(200);
    Http.get(app.url("/pool/try?timeout-ms=300")).requireStatus(503);
    assertEquals(before + 1, app.scrape().value("db_client_connection_timeouts_total", APP_POOL));
  }

  @Test
  void closedPoolLeavesTheGauges() {
    Map<String, String> temp = Map.of("db_client_connection_pool_name", "temp-pool");
    Http.get(app.url("/temp/open")).requireStatus(200);
    PrometheusScrape open = app.scrape();
    assertEquals(2.0, open.value("db_client_connection_max", temp));
    assertTrue(open.find("db_client_connection_count", withState(temp, "idle")).isPresent());

    Http.get(app.url("/temp/close")).requireStatus(200);
    PrometheusScrape closed = app.scrape();
    assertFalse(closed.find("db_client_connection_max", temp).isPresent(), closed.raw());
    assertFalse(closed.find("db_client_connection_count", temp).isPresent());
    assertTrue(closed.find("db_client_connection_max", APP_POOL).isPresent(), "the other pool stays");
  }

  private static Map<String, String> withState(Map<String, String> labels, String state) {
    Map<String, String> m = new HashMap<>(labels);
    m.put("db_client_connection_state", state);
    return m;
  }

  /**
   * Reads the pool through HikariCP's MXBean (the app's /pool/stats), then the agent's gauges, then
   * the MXBean again, until both MXBean readings are equal and accepted: the pool did not change
   * while the gauges were read, so they must show the same figures. Background work of the pool
   * (filling up to the minimum idle) can change it between readings; that just means another try.
   */
  private static Reading agreeingReading(Predicate<Reading> accepted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Reading last = null;
    while (System.nanoTime() < deadline) {
      Map<String, Integer> before = stats();
      PrometheusScrape scrape = app.scrape();
      Map<String, Integer> after = stats();
      last = new Reading(before, scrape);
      if (before.equals(after) && accepted.test(last)) {
        assertEquals(before.get("active"), last.used(), "used = MXBean active");
        assertEquals(before.get("idle"), last.idle(), "idle = MXBean idle");
        assertEquals(before.get("waiting"), last.gauge("db_client_connection_pending_requests", Map.of()));
        assertEquals(before.get("max"), last.gauge("db_client_connection_max", Map.of()));
        assertEquals(before.get("minIdle"), last.gauge("db_client_connection_idle_min", Map.of()));
        return last;
      }
      pause();
    }
    throw new AssertionError("the pool never settled in the expected state; last: " + last);
  }

  private static Map<String, Integer> stats() {
    String body = Http.get(app.url("/pool/stats")).requireStatus(200).body();
    Map<String, Integer> m = new HashMap<>();
    for (String pair : body.trim().split(" ")) {
      String[] kv = pair.split("=");
      m.put(kv[0], Integer.parseInt(kv[1]));
    }
    return m;
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private record Reading(Map<String, Integer> stats, PrometheusScrape scrape) {
    int gauge(String name, Map<String, String> extra) {
      Map<String, String> labels = new HashMap<>(APP_POOL);
      labels.putAll(extra);
      return (int) scrape.value(name, labels);
    }

    int used() {
      return gauge("db_client_connection_count", Map.of("db_client_connection_state", "used"));
    }

    int idle() {
      return gauge("db_client_connection_count", Map.of("db_client_connection_state", "idle"));
    }

    @Override
    public String toString() {
      return "MXBean " + stats + ", gauges used=" + used() + " idle=" + idle();
    }
  }
}
