package dev.lantern.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.db.DbQuery;
import org.junit.jupiter.api.Test;

class BatchStateTest {

  @Test
  void sameStatementWithDifferentLiteralsIsOneQuery() {
    BatchState batch = new BatchState();
    batch.add(Queries.of("INSERT INTO t VALUES (1, 'a')"));
    batch.add(Queries.of("INSERT INTO t VALUES (2, 'b')"));
    DbQuery query = batch.query();
    assertEquals(2, batch.count());
    assertSame(Queries.of("INSERT INTO t VALUES (1, 'a')"), query);
  }

  @Test
  void mixedStatementsKeepWhatTheyShare() {
    BatchState batch = new BatchState();
    batch.add(Queries.of("UPDATE t SET a = 1"));
    batch.add(Queries.of("UPDATE u SET b = 2"));
    DbQuery sameOperation = batch.query();
    assertEquals("UPDATE", sameOperation.operationName());
    assertNull(sameOperation.collectionName());
    assertNull(sameOperation.summary());
    assertEquals("UPDATE t SET a = ?; UPDATE u SET b = ?", sameOperation.queryText());

    batch.add(Queries.of("DELETE FROM t"));
    assertNull(batch.query().operationName());
    assertEquals(3, batch.count());
  }

  @Test
  void textKeepsTheFirstDistinctStatementsOnly() {
    BatchState batch = new BatchState();
    for (int i = 0; i < 1000; i++) {
      batch.add(Queries.of("UPDATE t" + i + " SET a = " + i));
    }
    assertEquals(1000, batch.count());
    String text = batch.query().queryText();
    assertEquals(BatchState.MAX_DISTINCT_TEXTS, text.split("; ").length);
    assertTrue(text.startsWith("UPDATE t0 SET a = ?; UPDATE t1 SET a = ?"));
  }

  @Test
  void preparedBatchesOnlyCount() {
    BatchState batch = new BatchState();
    batch.addPrepared();
    batch.addPrepared();
    assertEquals(2, batch.count());
    assertNull(batch.query());
  }
}
