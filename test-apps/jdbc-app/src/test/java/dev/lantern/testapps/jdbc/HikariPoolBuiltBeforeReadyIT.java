package dev.lantern.testapps.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pool built while the agent is still starting: its constructor ran unwoven, so the agent
 * learns of it at its first connection request (HikariPool is retransformed once the agent is
 * ready). The test-only start delay makes that order certain instead of a race.
 */
class HikariPoolBuiltBeforeReadyIT {

  private static final Map<String, String> APP_POOL = Map.of("db_client_connection_pool_name", "app-pool");
  private static final Pattern RETRANSFORMED = Pattern.compile("\\((\\d+) loaded classes retransformed[^)]*\\)");

  private static OtlpReceiver otlp;
  private static AgentApp app;

  @BeforeAll
  static void start() {
    otlp = OtlpReceiver.start();
    app =
        JdbcApps.app(otlp, "early-pool", "jdbc:h2:mem:early;DB_CLOSE_DELAY=-1")
            .sysProp("app.pool.max", "3")
            .sysProp("app.orm", "false")
            .sysProp("lantern.testing.ready-delay-ms", "1500")
            .start();
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

  @Test
  void poolRegistersAtItsFirstRequest() {
    String started = app.agentLines().stream().filter(l -> l.contains(" started")).findFirst().orElseThrow();
    Matcher m = RETRANSFORMED.matcher(started);
    assertTrue(m.find() && Integer.parseInt(m.group(1)) > 0, "HikariPool was loaded before the agent was ready: " + started);

    PrometheusScrape before = app.scrape();
    assertFalse(before.find("db_client_connection_max", APP_POOL).isPresent(),
        "nothing is known of the pool before it is used: " + before.raw());

    Http.get(app.url("/pool/select?id=1")).requireStatus(200);
    PrometheusScrape after = app.scrape();
    assertEquals(3.0, after.value("db_client_connection_max", APP_POOL), after.raw());
    assertEquals(1.0, after.value("db_client_connection_wait_time_seconds_count", APP_POOL),
        "the first request's wait is recorded too");
  }
}
