package dev.lantern.instrumentation.jdbc;

import dev.lantern.agent.api.WeakStore;
import dev.lantern.agent.api.db.DbQuery;
import java.sql.Statement;

/** The query of each prepared or callable statement, remembered when the statement is prepared. */
final class PreparedQueries {

  private static final WeakStore<Statement, DbQuery> QUERIES = new WeakStore<>();

  private PreparedQueries() {}

  static void remember(Object statement, String sql) {
    if (statement instanceof Statement && sql != null) {
      QUERIES.put((Statement) statement, Queries.of(sql));
    }
  }

  /** Null when the statement was prepared before the agent saw it (or is no prepared statement). */
  static DbQuery get(Statement statement) {
    return QUERIES.get(statement);
  }

  static void forget(Statement statement) {
    QUERIES.remove(statement);
  }
}
