package dev.lantern.agent.api.db;

import dev.lantern.agent.api.health.DependencyHealth;
import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.LanternThread;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * CLIENT spans with the database semantic conventions and {@code
 * db_client_operation_duration_seconds} / {@code db_client_operation_errors_total} for one
 * database instrumentation. The span is named by the query summary ({@code SELECT owners}), else
 * the operation, else the namespace, else the system.
 *
 * <p>A call outside any trace (no valid span in the context: a migration at start-up, a pool's
 * validation query, a scheduled job) would be a trace of one span. It becomes a span only when it
 * takes at least the root-span threshold, built when it ends with its real start time; faster ones
 * are counted in the metrics and nothing else. A threshold of 0 makes every call a span.
 *
 * <pre>{@code
 * DbClientCall call = TELEMETRY.start(connectionInfo, query, -1);   // null: nested or agent thread
 * ... run the statement ...
 * TELEMETRY.end(call, error, sqlState);
 * }</pre>
 */
public final class DbClientTelemetry {

  static final AttributeKey<String> SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
  static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("db.collection.name");
  static final AttributeKey<String> PROCEDURE = AttributeKey.stringKey("db.stored_procedure.name");
  static final AttributeKey<String> SUMMARY = AttributeKey.stringKey("db.query.summary");
  static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
  static final AttributeKey<String> STATUS_CODE = AttributeKey.stringKey("db.response.status_code");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

  /** Not a batch: the value of {@code batchSize} for single operations. */
  public static final long NOT_A_BATCH = -1;

  private final Tracer tracer;
  private final DbClientMetrics metrics;
  private final long rootSpanThresholdNanos;

  private DbClientTelemetry(String moduleName, long rootSpanThresholdNanos) {
    this.tracer = AgentRuntime.tracer(moduleName);
    this.metrics = DbClientMetrics.get();
    this.rootSpanThresholdNanos = rootSpanThresholdNanos;
  }

  /** Every call a span, inside a trace or not. */
  public static DbClientTelemetry create(String moduleName) {
    return new DbClientTelemetry(moduleName, 0);
  }

  /**
   * @param rootSpanThresholdMillis how long a call outside any trace must take to become a span; 0:
   *     every call is one
   */
  public static DbClientTelemetry create(String moduleName, long rootSpanThresholdMillis) {
    return new DbClientTelemetry(moduleName, TimeUnit.MILLISECONDS.toNanos(Math.max(0, rootSpanThresholdMillis)));
  }

  /** Whether a database call is already traced on this thread (a wrapper's delegate call). */
  public static boolean inProgress() {
    return DbClientCall.inProgress(Context.current());
  }

  /**
   * Starts a CLIENT span as a child of the current context and makes it current; null when a
   * database call is already in progress in this context, or on an agent thread.
   *
   * @param batchSize the number of operations of a batch, or {@link #NOT_A_BATCH}; a batch of one
   *     is reported as a single operation, as the conventions ask
   */
  public DbClientCall start(DbConnectionInfo connection, DbQuery query, long batchSize) {
    Context parent = Context.current();
    if (DbClientCall.inProgress(parent) || LanternThread.isCurrent()) {
      return null;
    }
    long startNanos = System.nanoTime();
    if (connection == null) {
      connection = DbConnectionInfo.UNKNOWN_SQL;
    }
    if (query == null) {
      query = DbQuery.UNKNOWN;
    }
    String operation = query.operationName();
    String summary = query.summary();
    boolean batch = batchSize != NOT_A_BATCH && batchSize != 1;
    if (batch) {
      operation = operation == null ? "BATCH" : "BATCH " + operation;
      summary = summary == null ? operation : "BATCH " + summary;
    }
    String name = summary;
    if (name == null) {
      name = operation != null ? operation : connection.namespace();
    }
    if (name == null) {
      name = connection.systemName();
    }
    String collectionLabel = metrics.collectionLabel(query.collectionName());
    DbClientCall call;
    if (rootSpanThresholdNanos > 0 && !Span.fromContext(parent).getSpanContext().isValid()) {
      // outside any trace: whether it becomes a span is decided when it ends, by how long it took
      call = new DbClientCall(parent, null, startNanos, connection.systemName(), operation, collectionLabel);
      call.deferred = new DbSpanRequest(parent, connection, query, name, operation, summary, batchSize);
    } else {
      Span span =
          DbSpanRequest.builder(tracer, parent, connection, query, name, operation, summary, batchSize)
              .startSpan();
      call = new DbClientCall(parent, span, startNanos, connection.systemName(), operation, collectionLabel);
    }
    call.dependency = connection.dependencyName();
    return call;
  }

  /**
   * Restores the caller's context, ends the span once and records the metrics.
   *
   * @param responseStatusCode what the database answered for a failure (a SQLState such as {@code
   *     23505}), or null
   */
  public void end(DbClientCall call, Throwable error, String responseStatusCode) {
    if (call == null) {
      return;
    }
    call.closeScope();
    if (!call.markEnded()) {
      return;
    }
    long nanos = System.nanoTime() - call.startNanos;
    Span span = call.span;
    long endEpochNanos = 0;
    if (span == null && call.deferred != null && nanos >= rootSpanThresholdNanos) {
      Instant now = Instant.now();
      endEpochNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
      span = call.deferred.builder(tracer).setStartTimestamp(endEpochNanos - nanos, TimeUnit.NANOSECONDS).startSpan();
    }
    String errorType = error == null ? null : error.getClass().getName();
    if (span != null) {
      endSpan(span, errorType, responseStatusCode, endEpochNanos);
    }
    double seconds = nanos / 1e9;
    DependencyHealth.record("db", call.dependency, nanos, error != null);
    metrics
        .duration
        .get(call.systemName, call.operationName, call.collectionLabel, errorType)
        .observe(seconds);
    if (error != null) {
      metrics
          .errors
          .get(call.systemName, call.operationName, DbClientMetrics.sqlStateClass(responseStatusCode))
          .inc();
    }
  }

  private static void endSpan(Span span, String errorType, String responseStatusCode, long endEpochNanos) {
    if (errorType != null) {
      span.setAttribute(ERROR_TYPE, errorType);
      if (responseStatusCode != null && !responseStatusCode.isEmpty()) {
        span.setAttribute(STATUS_CODE, truncate(responseStatusCode, 32));
      }
      // databases put row values into their messages ("Key (email)=(ann@example.com) already
      // exists"), so only the exception's type is recorded, never its message or stack trace
      span.addEvent("exception", Attributes.of(EXCEPTION_TYPE, errorType));
      span.setStatus(StatusCode.ERROR);
    }
    if (endEpochNanos == 0) {
      span.end();
    } else {
      span.end(endEpochNanos, TimeUnit.NANOSECONDS);
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
