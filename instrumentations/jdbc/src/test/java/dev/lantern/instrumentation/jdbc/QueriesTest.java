package dev.lantern.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lantern.agent.api.db.DbQuery;
import org.junit.jupiter.api.Test;

class QueriesTest {

  @Test
  void sanitizedOnceAndReused() {
    String sql = new String("SELECT * FROM owners WHERE id = 7");
    DbQuery first = Queries.of(sql);
    assertEquals("SELECT", first.operationName());
    assertEquals("owners", first.collectionName());
    assertEquals("SELECT owners", first.summary());
    assertEquals("SELECT * FROM owners WHERE id = ?", first.queryText());
    assertSame(first, Queries.of(sql), "the same string: the layer underneath");
    assertSame(first, Queries.of(new String(sql)), "an equal string: the next request");
  }

  @Test
  void severalStatementsNameNoOperation() {
    DbQuery query = Queries.of("UPDATE a SET x = 1; DELETE FROM b WHERE y = 'z'");
    assertNull(query.operationName());
    assertNull(query.collectionName());
    assertNull(query.summary());
    assertEquals("UPDATE a SET x = ?; DELETE FROM b WHERE y = ?", query.queryText());
  }

  @Test
  void storedProcedures() {
    DbQuery query = Queries.of("{call shop.refresh_totals(?, 42)}");
    assertEquals("CALL", query.operationName());
    assertEquals("shop.refresh_totals", query.storedProcedureName());
    assertEquals("CALL shop.refresh_totals", query.summary());
    assertEquals("{call shop.refresh_totals(?, ?)}", query.queryText());
  }

  @Test
  void longStatementsAreNotCachedButStillSanitizedAndCut() {
    StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE a = 'x'");
    while (sql.length() <= Queries.MAX_CACHED_LENGTH * 4) {
      sql.append(" OR a = 'secret'");
    }
    DbQuery query = Queries.of(sql.toString());
    assertEquals(SqlSanitizer.DEFAULT_MAX_LENGTH, JdbcSettings.MAX_LENGTH);
    assertEquals(true, query.queryText().length() <= JdbcSettings.MAX_LENGTH);
    assertEquals(false, query.queryText().contains("secret"));
  }

  @Test
  void nullSql() {
    assertSame(DbQuery.UNKNOWN, Queries.of(null));
  }

  @Test
  void cacheStaysBounded() {
    for (int i = 0; i < Queries.CACHE_SIZE * 3; i++) {
      Queries.of("SELECT c" + i + " FROM t");
    }
    // nothing to observe but memory; a repeat after many others is still right
    assertEquals("SELECT t", Queries.of("SELECT c1 FROM t").summary());
  }
}
