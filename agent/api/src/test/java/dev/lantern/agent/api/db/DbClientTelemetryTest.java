package dev.lantern.agent.api.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.AgentRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DbClientTelemetryTest {

  private static final DbConnectionInfo PG = DbConnectionInfo.of("postgresql", "shop", "db.local", 5432);
  private static final DbQuery SELECT_OWNERS =
      DbQuery.of("SELECT", "owners", null, "SELECT owners", "SELECT * FROM owners WHERE id = ?");

  private DbClientTelemetry telemetry;

  @BeforeEach
  void setUp() {
    TestRuntime.install();
    TestRuntime.SPANS.reset();
    telemetry = DbClientTelemetry.create("test-db");
  }

  private static double durationCount(String system, String operation, String collection, String error) {
    Double v =
        AgentRuntime.registry()
            .getSampleValue(
                "db_client_operation_duration_seconds_count",
                new String[] {"db_system_name", "db_operation_name", "db_collection_name", "error_type"},
                new String[] {system, operation, collection, error});
    return v == null ? 0 : v;
  }

  private static double errors(String system, String operation, String sqlStateClass) {
    Double v =
        AgentRuntime.registry()
            .getSampleValue(
                "db_client_operation_errors_total",
                new String[] {"db_system_name", "db_operation_name", "sqlstate_class"},
                new String[] {system, operation, sqlStateClass});
    return v == null ? 0 : v;
  }

  @Test
  void clientSpanWithTheDatabaseConventions() {
    double before = durationCount("postgresql", "SELECT", "owners", "");
    DbClientCall call = telemetry.start(PG, SELECT_OWNERS, DbClientTelemetry.NOT_A_BATCH);
    assertNotNull(call);
    telemetry.end(call, null, null);

    SpanData span = TestRuntime.SPANS.getFinishedSpanItems().get(0);
    assertEquals("SELECT owners", span.getName());
    assertEquals(SpanKind.CLIENT, span.getKind());
    assertEquals("lantern.test-db", span.getInstrumentationScopeInfo().getName());
    assertEquals("postgresql", attr(span, "db.system.name"));
    assertEquals("shop", attr(span, "db.namespace"));
    assertEquals("db.local", attr(span, "server.address"));
    assertEquals(5432L, span.getAttributes().get(AttributeKey.longKey("server.port")));
    assertEquals("SELECT", attr(span, "db.operation.name"));
    assertEquals("owners", attr(span, "db.collection.name"));
    assertEquals("SELECT owners", attr(span, "db.query.summary"));
    assertEquals("SELECT * FROM owners WHERE id = ?", attr(span, "db.query.text"));
    assertNull(span.getAttributes().get(AttributeKey.longKey("db.operation.batch.size")));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    assertEquals(before + 1, durationCount("postgresql", "SELECT", "owners", ""));
  }

  @Test
  void nestedCallsStartNothingAndTheCallerContextComesBack() {
    Span parent = AgentRuntime.openTelemetry().getTracer("test").spanBuilder("parent").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      DbClientCall outer = telemetry.start(PG, SELECT_OWNERS, DbClientTelemetry.NOT_A_BATCH);
      assertTrue(DbClientTelemetry.inProgress());
      assertNull(telemetry.start(PG, SELECT_OWNERS, DbClientTelemetry.NOT_A_BATCH), "a wrapper's delegate");
      telemetry.end(outer, null, null);
      assertFalse(DbClientTelemetry.inProgress());
      assertEquals(parent, Span.fromContext(Context.current()));
    }
    parent.end();
    List<SpanData> spans = TestRuntime.SPANS.getFinishedSpanItems();
    assertEquals(2, spans.size());
    assertEquals(parent.getSpanContext().getSpanId(), spans.get(0).getParentSpanId());
  }

  @Test
  void aCallOutsideAnyTraceIsASpanOnlyWhenItIsSlow() throws InterruptedException {
    DbClientTelemetry rootThreshold = DbClientTelemetry.create("test-db", 50);
    double before = durationCount("postgresql", "SELECT", "owners", "");

    DbClientCall fast = rootThreshold.start(PG, SELECT_OWNERS, DbClientTelemetry.NOT_A_BATCH);
    assertNotNull(fast, "the call is still tracked: metrics, and nested layers start nothing");
    assertTrue(DbClientTelemetry.inProgress());
    assertNull(rootThreshold.start(PG, SELECT_OWNERS, DbClientTelemetry.NOT_A_BATCH), "a wrapper's delegate");
    assertFalse(fast.span().getSpanContext().isValid(), "no span while it runs");
    rootThreshold.end(fast, null, null);
    assertFalse(DbClientTelemetry.inProgress());
    assertEquals(0, TestRuntime.SPANS.getFinishedSpanItems().size(), "a fast call outside a trace is no span");
    assertEquals(before + 1, durationCount("postgresql", "SELECT", "owners", ""), "but it is counted");

    String violation = "java.sql.SQLIntegrityConstraintViolationException";
    double failedBefore = durationCount("postgresql", "SELECT", "owners", violation);
    Exception error = new SQLIntegrityConstraintViolationException("Key (email)=(ann@example.com) exists", "23505");
    DbClientCall slow = rootThreshold.start(PG, SELECT_OWNERS, DbClientTelemetry.NOT_A_BATCH);
    long begun = System.nanoTime();
    Thread.sleep(60);
    rootThreshold.end(slow, error, "23505");
    long took = System.nanoTime() - begun;

    List<SpanData> spans = TestRuntime.SPANS.getFinishedSpanItems();
    assertEquals(1, spans.size(), "a slow call outside a trace is a span");
    SpanData span = spans.get(0);
    assertEquals("SELECT owners", span.getName());
    assertEquals(SpanKind.CLIENT, span.getKind());
    assertFalse(span.getParentSpanContext().isValid(), "the root of its own trace");
    assertEquals("SELECT * FROM owners WHERE id = ?", attr(span, "db.query.text"));
    assertEquals("23505", attr(span, "db.response.status_code"));
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    long spanNanos = span.getEndEpochNanos() - span.getStartEpochNanos();
    assertTrue(spanNanos >= 60_000_000L, "the span starts when the call did: " + spanNanos + " ns");
    assertTrue(spanNanos <= took + 5_000_000L, "and ends when it did: " + spanNanos + " > " + took + " ns");
    assertEquals(failedBefore + 1, durationCount("postgresql", "SELECT", "owners", violation));
  }

  @Test
  void aCallInsideATraceIsAlwaysASpan() {
    DbClientTelemetry rootThreshold = DbClientTelemetry.create("test-db", 60_000);
    Span parent = AgentRuntime.openTelemetry().getTracer("test").spanBuilder("parent").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      DbClientCall call = rootThreshold.start(PG, SELECT_OWNERS, DbClientTelemetry.NOT_A_BATCH);
      assertTrue(call.span().getSpanContext().isValid());
      rootThreshold.end(call, null, null);
    }
    parent.end();
    List<SpanData> spans = TestRuntime.SPANS.getFinishedSpanItems();
    assertEquals(2, spans.size());
    assertEquals("SELECT owners", spans.get(0).getName());
    assertEquals(parent.getSpanContext().getSpanId(), spans.get(0).getParentSpanId());
  }

  @Test
  void endingTwiceRecordsOnce() {
    double before = durationCount("postgresql", "SELECT", "owners", "");
    DbClientCall call = telemetry.start(PG, SELECT_OWNERS, DbClientTelemetry.NOT_A_BATCH);
    telemetry.end(call, null, null);
    telemetry.end(call, null, null);
    telemetry.end(null, null, null);
    assertEquals(1, TestRuntime.SPANS.getFinishedSpanItems().size());
    assertEquals(before + 1, durationCount("postgresql", "SELECT", "owners", ""));
  }

  @Test
  void batchesArePrefixedAndSized() {
    DbQuery insert = DbQuery.of("INSERT", "owners", null, "INSERT owners", "INSERT INTO owners VALUES (?)");
    telemetry.end(telemetry.start(PG, insert, 3), null, null);
    telemetry.end(telemetry.start(PG, insert, 1), null, null);
    telemetry.end(telemetry.start(PG, DbQuery.UNKNOWN, 0), null, null);
    List<SpanData> spans = TestRuntime.SPANS.getFinishedSpanItems();

    assertEquals("BATCH INSERT owners", spans.get(0).getName());
    assertEquals("BATCH INSERT", attr(spans.get(0), "db.operation.name"));
    assertEquals(3L, spans.get(0).getAttributes().get(AttributeKey.longKey("db.operation.batch.size")));

    assertEquals("INSERT owners", spans.get(1).getName(), "a batch of one is a single operation");
    assertNull(spans.get(1).getAttributes().get(AttributeKey.longKey("db.operation.batch.size")));

    assertEquals("BATCH", spans.get(2).getName(), "an empty batch is still a batch");
    assertEquals(0L, spans.get(2).getAttributes().get(AttributeKey.longKey("db.operation.batch.size")));
  }

  @Test
  void spanNameFallsBackToOperationNamespaceThenSystem() {
    telemetry.end(telemetry.start(PG, DbQuery.of("COMMIT", null, null, null, "COMMIT"), -1), null, null);
    telemetry.end(telemetry.start(PG, DbQuery.UNKNOWN, -1), null, null);
    telemetry.end(telemetry.start(DbConnectionInfo.of("h2database", null, null, -1), null, -1), null, null);
    telemetry.end(telemetry.start(null, null, -1), null, null);
    List<SpanData> spans = TestRuntime.SPANS.getFinishedSpanItems();
    assertEquals("COMMIT", spans.get(0).getName());
    assertEquals("shop", spans.get(1).getName());
    assertEquals("h2database", spans.get(2).getName());
    assertEquals("other_sql", spans.get(3).getName());
  }

  @Test
  void failureKeepsTheMessageOutAndCountsTheSqlStateClass() {
    double before = errors("postgresql", "SELECT", "23");
    Exception error = new SQLIntegrityConstraintViolationException("Key (email)=(ann@example.com) exists", "23505");
    DbClientCall call = telemetry.start(PG, SELECT_OWNERS, -1);
    telemetry.end(call, error, "23505");

    SpanData span = TestRuntime.SPANS.getFinishedSpanItems().get(0);
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals("", span.getStatus().getDescription());
    assertEquals("java.sql.SQLIntegrityConstraintViolationException", attr(span, "error.type"));
    assertEquals("23505", attr(span, "db.response.status_code"));
    EventData event = span.getEvents().get(0);
    assertEquals("exception", event.getName());
    assertEquals(1, event.getAttributes().size());
    assertFalse(span.toString().contains("ann@example.com"), span.toString());
    assertEquals(before + 1, errors("postgresql", "SELECT", "23"));
    assertEquals(
        1.0,
        durationCount("postgresql", "SELECT", "owners", "java.sql.SQLIntegrityConstraintViolationException"),
        0.0);
  }

  @Test
  void sqlStateClasses() {
    assertEquals("23", DbClientMetrics.sqlStateClass("23505"));
    assertEquals("HY", DbClientMetrics.sqlStateClass("HY000"));
    assertEquals("_OTHER", DbClientMetrics.sqlStateClass(null));
    assertEquals("_OTHER", DbClientMetrics.sqlStateClass("2350"));
    assertEquals("_OTHER", DbClientMetrics.sqlStateClass("23 05"));
    assertEquals("_OTHER", DbClientMetrics.sqlStateClass("ab123"));
  }

  @Test
  void collectionLabelsAreCleanedAndBounded() {
    assertEquals("public.Owners", DbClientMetrics.labelSafe("public.Owners"));
    assertEquals("OrderDetails", DbClientMetrics.labelSafe("Order\nDetails"));
    assertNull(DbClientMetrics.labelSafe("<>"));
    assertEquals(64, DbClientMetrics.labelSafe("t".repeat(300)).length());
    assertEquals("tä", DbClientMetrics.labelSafe("tä"), "letters beyond ASCII are kept");
    assertNull(DbClientMetrics.labelSafe(""));
    String plain = "order_items";
    assertSame(plain, DbClientMetrics.labelSafe(plain), "a name that is already safe is not copied per statement");
  }

  private static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }
}
