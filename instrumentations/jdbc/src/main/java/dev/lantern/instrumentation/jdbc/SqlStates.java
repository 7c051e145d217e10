package dev.lantern.instrumentation.jdbc;

import java.sql.SQLException;

/** The SQLState of a failure, from the first {@link SQLException} in its cause chain. */
final class SqlStates {

  private SqlStates() {}

  static String of(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 8; depth++) {
      if (t instanceof SQLException) {
        String state = ((SQLException) t).getSQLState();
        if (state != null && !state.isEmpty()) {
          return state;
        }
      }
      t = t.getCause();
    }
    return null;
  }
}
