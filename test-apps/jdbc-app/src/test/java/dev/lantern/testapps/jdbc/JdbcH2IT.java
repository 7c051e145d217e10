package dev.lantern.testapps.jdbc;

import static dev.lantern.testapps.jdbc.JdbcApps.dbSpansOfRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** H2 in memory under the agent: plain JDBC, HikariCP and Hibernate. */
class JdbcH2IT {

  private static OtlpReceiver otlp;
  private static AgentApp app;

  @BeforeAll
  static void start() {
    otlp = OtlpReceiver.start();
    app = JdbcApps.app(otlp, "shop-h2", JdbcApps.H2_URL).start();
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
  void plainStatementSpanIsAChildOfTheServerSpanAndHidesLiterals() {
    Http.get(app.url("/plain/select?id=2")).requireStatus(200);
    List<ReceivedSpan> db = dbSpansOfRequest(otlp, "/plain/select", "id=2");
    assertEquals(1, db.size(), otlp::describe);
    ReceivedSpan span = db.get(0);
    assertEquals("SELECT owners", span.name());
    assertEquals("CLIENT", span.kind());
    assertEquals("h2database", span.attr("db.system.name"));
    assertEquals("shop", span.attr("db.namespace"));
    assertEquals("SELECT", span.attr("db.operation.name"));
    assertEquals("owners", span.attr("db.collection.name"));
    assertEquals("SELECT owners", span.attr("db.query.summary"));
    assertEquals("SELECT id, name FROM owners WHERE id = ? AND name <> ?", span.attr("db.query.text"));
    assertNull(span.attr("server.address"), "an in-memory database has no server");
    assertNull(span.attr("db.operation.batch.size"));
    assertEquals("UNSET", span.statusCode());
    assertEquals("lantern.jdbc", span.scopeName());
  }

  @Test
  void pooledPreparedStatementIsOneSpanThroughTheProxyAndTheDriver() {
    Http.get(app.url("/pool/select?id=1")).requireStatus(200);
    ReceivedSpan server = JdbcApps.serverSpan(otlp, "/pool/select", "id=1");
    List<ReceivedSpan> db = JdbcApps.dbChildren(otlp, server);
    assertEquals(1, db.size(), otlp::describe);
    assertEquals(db, JdbcApps.dbSpansOfTrace(otlp, server.traceId()), "no span below the proxy's");
    ReceivedSpan span = db.get(0);
    assertEquals("SELECT owners", span.name());
    assertEquals("SELECT id, name, email FROM owners WHERE id = ?", span.attr("db.query.text"));
    assertEquals("h2database", span.attr("db.system.name"));
    assertEquals("shop", span.attr("db.namespace"));
  }

  @Test
  void preparedBatchIsOneSpanWithItsSize() {
    Http.get(app.url("/pool/insert-batch?n=5&from=100")).requireStatus(200);
    List<ReceivedSpan> db = dbSpansOfRequest(otlp, "/pool/insert-batch", "n=5&from=100");
    assertEquals(1, db.size(), otlp::describe);
    ReceivedSpan span = db.get(0);
    assertEquals("BATCH INSERT owners", span.name());
    assertEquals("BATCH INSERT", span.attr("db.operation.name"));
    assertEquals("owners", span.attr("db.collection.name"));
    assertEquals(5L, span.longAttr("db.operation.batch.size"));
    assertEquals("INSERT INTO owners (id, name, email) VALUES (?, ?, ?)", span.attr("db.query.text"));
  }

  @Test
  void statementBatchOfSimilarUpdatesIsOneSpan() {
    Http.get(app.url("/pool/statement-batch")).requireStatus(200);
    ReceivedSpan server =
        otlp.awaitSpan(s -> s.kind().equals("SERVER") && "/pool/statement-batch".equals(s.attr("http.route")), JdbcApps.WAIT);
    List<ReceivedSpan> db = JdbcApps.dbChildren(otlp, server);
    assertEquals(1, db.size(), otlp::describe);
    ReceivedSpan span = db.get(0);
    assertEquals("BATCH UPDATE owners", span.name());
    assertEquals(2L, span.longAttr("db.operation.batch.size"));
    assertEquals("UPDATE owners SET email = ? WHERE id = ?", span.attr("db.query.text"));
  }

  @Test
  void constraintViolationIsAnErrorWithItsSqlStateAndNoRowValues() {
    assertEquals("sqlstate=23505", Http.get(app.url("/pool/duplicate")).requireStatus(409).body());
    ReceivedSpan server =
        otlp.awaitSpan(s -> s.kind().equals("SERVER") && "/pool/duplicate".equals(s.attr("http.route")), JdbcApps.WAIT);
    List<ReceivedSpan> db = JdbcApps.dbChildren(otlp, server);
    assertEquals(1, db.size(), otlp::describe);
    ReceivedSpan span = db.get(0);
    assertEquals("INSERT owners", span.name());
    assertEquals("ERROR", span.statusCode());
    assertEquals("23505", span.attr("db.response.status_code"));
    assertEquals("org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException", span.attr("error.type"));
    ReceivedSpan.Event exception = span.events().get(0);
    assertEquals("exception", exception.name());
    assertEquals(Set.of("exception.type"), exception.attributes().keySet(), "no message, no stack trace");
    assertFalse(span.toString().contains("dup-secret"), span.toString());

    PrometheusScrape scrape = app.scrape();
    assertEquals(
        1.0,
        scrape.value(
            "db_client_operation_errors_total",
            Map.of("db_system_name", "h2database", "db_operation_name", "INSERT", "sqlstate_class", "23")));
    assertEquals(
        1.0,
        scrape.value(
            "db_client_operation_duration_seconds_count",
            Map.of(
                "db_system_name", "h2database",
                "db_operation_name", "INSERT",
                "db_collection_name", "owners",
                "error_type", "org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException")));
  }

  @Test
  void sqlTheSanitizerCannotNameHasNoOperationAndStillNoLiterals() {
    assertTrue(Http.get(app.url("/pool/bad-sql")).requireStatus(400).body().startsWith("sqlstate=42"));
    ReceivedSpan server =
        otlp.awaitSpan(s -> s.kind().equals("SERVER") && "/pool/bad-sql".equals(s.attr("http.route")), JdbcApps.WAIT);
    List<ReceivedSpan> db = JdbcApps.dbChildren(otlp, server);
    assertEquals(1, db.size(), otlp::describe);
    ReceivedSpan span = db.get(0);
    assertEquals("shop", span.name(), "no operation is known: the span is named by the namespace");
    assertNull(span.attr("db.operation.name"));
    assertEquals("SELEC name FROM owners WHERE name = ?", span.attr("db.query.text"));
    assertEquals("ERROR", span.statusCode());
    assertTrue(span.attr("db.response.status_code").startsWith("42"));
    assertTrue(
        app.scrape()
                .value(
                    "db_client_operation_errors_total",
                    Map.of("db_system_name", "h2database", "db_operation_name", "", "sqlstate_class", "42"))
            >= 1.0);
  }

  @Test
  void durationHistogramIsLabelledByOperationAndCollectionWithSemconvBuckets() {
    for (int i = 0; i < 3; i++) {
      Http.get(app.url("/pool/update?id=3&name=n" + i)).requireStatus(200);
    }
    for (int i = 0; i < 3; i++) {
      dbSpansOfRequest(otlp, "/pool/update", "id=3&name=n" + i);
    }
    PrometheusScrape scrape = app.scrape();
    Map<String, String> labels =
        Map.of(
            "db_system_name", "h2database",
            "db_operation_name", "UPDATE",
            "db_collection_name", "owners",
            "error_type", "");
    assertEquals(3.0, scrape.value("db_client_operation_duration_seconds_count", labels));
    assertTrue(scrape.value("db_client_operation_duration_seconds_sum", labels) > 0);
    Set<String> bounds =
        scrape.samples("db_client_operation_duration_seconds_bucket").stream()
            .filter(s -> s.hasLabels(labels))
            .map(s -> s.label("le"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        new TreeSet<>(List.of("0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1.0", "5.0", "10.0", "+Inf")),
        bounds);
    assertEquals("histogram", scrape.types().get("db_client_operation_duration_seconds"));
  }

  @Test
  void hibernateThroughHikariIsOneSpanPerStatement() {
    assertEquals("count=3", Http.get(app.url("/orm/pets?name=rex&n=3")).requireStatus(200).body());
    ReceivedSpan server = JdbcApps.serverSpan(otlp, "/orm/pets", "name=rex&n=3");
    List<ReceivedSpan> db = JdbcApps.dbSpansOfTrace(otlp, server.traceId());
    assertEquals(
        List.of("BATCH INSERT pets", "SELECT pets"),
        db.stream().map(ReceivedSpan::name).collect(Collectors.toList()),
        otlp::describe);
    for (ReceivedSpan span : db) {
      assertEquals(server.spanId(), span.parentSpanId());
    }
    assertEquals(3L, db.get(0).longAttr("db.operation.batch.size"));
    assertTrue(db.get(1).attr("db.query.text").toLowerCase().startsWith("select count("), db.get(1).toString());
  }

  @Test
  void megabyteStatementWithLongInListIsCollapsed() {
    String body = Http.get(app.url("/pool/large?n=150000")).requireStatus(200).body();
    int length = Integer.parseInt(body.substring("length=".length(), body.indexOf(' ')));
    assertTrue(length > 1024 * 1024, body);
    List<ReceivedSpan> db = dbSpansOfRequest(otlp, "/pool/large", "n=150000");
    assertEquals(1, db.size(), otlp::describe);
    assertEquals("SELECT count(*) FROM owners WHERE id IN (?)", db.get(0).attr("db.query.text"));
  }

  @Test
  void aStatementOutsideAnyTraceIsASpanOnlyWhenSlow() {
    Map<String, String> deletes =
        Map.of(
            "db_system_name", "h2database",
            "db_operation_name", "DELETE",
            "db_collection_name", "owners",
            "error_type", "");
    double before = app.scrape().sum("db_client_operation_duration_seconds_count", deletes);
    assertEquals(
        "deleted 0, slept",
        Http.get(app.url("/background/statements?sleep-ms=300")).requireStatus(200).body());

    ReceivedSpan slow =
        otlp.awaitSpan(
            "the slow background statement",
            s -> s.scopeName().equals("lantern.jdbc") && String.valueOf(s.attr("db.query.text")).startsWith("SELECT SLEEP"),
            JdbcApps.WAIT);
    assertEquals("SELECT owners", slow.name());
    assertEquals("CLIENT", slow.kind());
    assertTrue(slow.isRoot(), "the root of its own trace: " + slow);
    assertTrue(slow.durationNanos() >= 300_000_000L, "from when the statement started: " + slow);
    // spans leave in the order they end, from one thread: the DELETE's would have come first
    assertTrue(
        otlp.spans().stream().noneMatch(s -> "DELETE owners".equals(s.name())),
        "a fast statement outside any trace is no span: " + otlp.describe());
    assertEquals(before + 1, app.scrape().value("db_client_operation_duration_seconds_count", deletes), "but it is counted");
  }

  @Test
  void instrumentationIsReportedAsApplied() {
    PrometheusScrape scrape = app.scrape();
    assertTrue(
        scrape.value("lantern_agent_transforms_total", Map.of("instrumentation", "jdbc", "result", "applied")) > 0);
    assertEquals(0.0, scrape.sum("lantern_agent_transforms_total", Map.of("result", "failed")));
    assertEquals(0.0, scrape.sum("lantern_agent_advice_errors_total", Map.of()));
  }

  @Test
  void theDatabaseIsADependencyJudgedFromTheStatements() {
    Http.get(app.url("/plain/select?id=2")).requireStatus(200);
    String json = Http.get(app.metricsUrl("/health/dependencies")).requireStatus(200).body();
    assertTrue(json.contains("\"id\":\"db:h2database://embedded/shop\""), json);
    assertEquals(1.0, app.scrape().value("lantern_dependency_up", Map.of("dependency", "h2database://embedded/shop")));
  }
}
