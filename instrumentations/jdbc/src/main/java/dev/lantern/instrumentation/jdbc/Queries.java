package dev.lantern.instrumentation.jdbc;

import dev.lantern.agent.api.db.DbQuery;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SQL text to {@link DbQuery}, sanitized once: applications prepare and run the same statements
 * over and over, and every wrapper layer (pool proxy, driver) sees the same string. A bounded cache
 * keyed by the SQL answers repeats; the last string seen, compared by identity, answers the layer
 * underneath without hashing a long statement again.
 */
final class Queries {

  /** Distinct statements kept; when full the cache starts over, which costs one sanitizing each. */
  static final int CACHE_SIZE = 512;

  /** Longer statements are not kept in the cache: it holds the application's strings strongly. */
  static final int MAX_CACHED_LENGTH = 4096;

  private static final ConcurrentHashMap<String, DbQuery> CACHE = new ConcurrentHashMap<>();
  private static volatile Last last;

  private Queries() {}

  static DbQuery of(String sql) {
    if (sql == null) {
      return DbQuery.UNKNOWN;
    }
    Last l = last;
    if (l != null && l.sql == sql) {
      return l.query;
    }
    DbQuery query = sql.length() <= MAX_CACHED_LENGTH ? CACHE.get(sql) : null;
    if (query == null) {
      query = sanitize(sql);
      if (sql.length() <= MAX_CACHED_LENGTH) {
        if (CACHE.size() >= CACHE_SIZE) {
          CACHE.clear();
        }
        CACHE.put(sql, query);
      }
    }
    last = new Last(sql, query);
    return query;
  }

  static DbQuery sanitize(String sql) {
    SqlInfo info = SqlSanitizer.sanitize(sql, JdbcSettings.MAX_LENGTH);
    String text = JdbcSettings.QUERY_TEXT ? info.queryText() : null;
    if (info.statementCount() > 1) {
      // the conventions: no operation is taken from text that holds several statements
      return DbQuery.of(null, null, null, null, text);
    }
    return DbQuery.of(
        info.operationName(),
        info.collectionName(),
        info.storedProcedureName(),
        info.summary(),
        text);
  }

  private static final class Last {
    final String sql;
    final DbQuery query;

    Last(String sql, DbQuery query) {
      this.sql = sql;
      this.query = query;
    }
  }
}
