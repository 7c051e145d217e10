package dev.lantern.instrumentation.jdbc;

import dev.lantern.agent.api.WeakStore;
import java.sql.Statement;

/** The pending batch of each statement, from {@code addBatch} to {@code executeBatch}. */
final class Batches {

  private static final WeakStore<Statement, BatchState> BATCHES = new WeakStore<>();

  private Batches() {}

  static void add(Statement statement, String sql) {
    state(statement).add(Queries.of(sql));
  }

  static void addPrepared(Statement statement) {
    state(statement).addPrepared();
  }

  static void clear(Statement statement) {
    BATCHES.remove(statement);
  }

  /** The batch about to run, forgotten here: JDBC empties it whether it succeeds or fails. */
  static BatchState take(Statement statement) {
    return BATCHES.remove(statement);
  }

  private static BatchState state(Statement statement) {
    BatchState state = BATCHES.get(statement);
    if (state == null) {
      state = BATCHES.putIfAbsent(statement, new BatchState());
    }
    return state;
  }
}
