package dev.lantern.instrumentation.jdbc;

import dev.lantern.agent.api.LanternThread;
import dev.lantern.agent.api.db.DbClientCall;
import dev.lantern.agent.api.db.DbClientTelemetry;
import dev.lantern.agent.api.db.DbQuery;
import java.sql.Statement;

/**
 * What the statement advice does: start a CLIENT span for the outermost {@code execute*} call of
 * a statement and end it when that call returns. The layers underneath (a pool's proxy calling the
 * driver, {@code executeQuery} calling {@code execute}) find the call in the current context and
 * start nothing. A statement outside any trace becomes a span only when it is slow (see {@link
 * JdbcSettings#DEFAULT_ROOT_SPAN_THRESHOLD_MS}).
 */
final class StatementCalls {

  private static final DbClientTelemetry TELEMETRY =
      DbClientTelemetry.create("jdbc", JdbcSettings.ROOT_SPAN_THRESHOLD);

  private StatementCalls() {}

  /** {@code execute(String)} and its siblings: the SQL is the argument. */
  static Object startSql(Statement statement, String sql) {
    if (!shouldTrace()) {
      return null;
    }
    return TELEMETRY.start(
        ConnectionInfos.of(statement), Queries.of(sql), DbClientTelemetry.NOT_A_BATCH);
  }

  /** {@code execute()} and its siblings on a prepared or callable statement. */
  static Object startPrepared(Statement statement) {
    if (!shouldTrace()) {
      return null;
    }
    DbQuery query = PreparedQueries.get(statement);
    return TELEMETRY.start(
        ConnectionInfos.of(statement), query, DbClientTelemetry.NOT_A_BATCH);
  }

  /** {@code executeBatch()} and {@code executeLargeBatch()}. */
  static Object startBatch(Statement statement) {
    BatchState batch = Batches.take(statement);
    if (!shouldTrace()) {
      return null;
    }
    DbQuery query = PreparedQueries.get(statement);
    if (query == null && batch != null) {
      query = batch.query();
    }
    long size = batch == null ? 0 : batch.count();
    return TELEMETRY.start(ConnectionInfos.of(statement), query, size);
  }

  /** {@code close()}: the query and pending batch remembered for the statement are forgotten. */
  static void closed(Statement statement) {
    PreparedQueries.forget(statement);
    Batches.clear(statement);
  }

  static void end(Object call, Throwable error) {
    if (call instanceof DbClientCall) {
      TELEMETRY.end((DbClientCall) call, error, error == null ? null : SqlStates.of(error));
    }
  }

  private static boolean shouldTrace() {
    return !DbClientTelemetry.inProgress() && !LanternThread.isCurrent() && !ConnectionInfos.reading();
  }
}
