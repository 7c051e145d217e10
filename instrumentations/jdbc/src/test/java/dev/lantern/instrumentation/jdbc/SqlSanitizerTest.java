package dev.lantern.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SqlSanitizerTest {

  /**
   * One statement and what the sanitizer must make of it. A null {@code summary} means the default
   * {@code "<operation> <collection>"}.
   */
  record Case(
      String dialect, String sql, String text, String operation, String collection, String summary) {

    String expectedSummary() {
      if (summary != null) {
        return summary;
      }
      if (operation == null) {
        return null;
      }
      return collection == null ? operation : operation + " " + collection;
    }

    @Override
    public String toString() {
      String shown = sql.length() > 90 ? sql.substring(0, 90) + "..." : sql;
      return dialect + ": " + shown.replace("\n", "\\n");
    }
  }

  private static Case sql(String dialect, String sql, String text, String op, String collection) {
    return new Case(dialect, sql, text, op, collection, null);
  }

  private static Case sql(
      String dialect, String sql, String text, String op, String collection, String summary) {
    return new Case(dialect, sql, text, op, collection, summary);
  }

  static Stream<Case> statements() {
    return Stream.of(
        // ---- generic / shapes of statements
        sql("any", "SELECT * FROM owners WHERE id = 1", "SELECT * FROM owners WHERE id = ?", "SELECT", "owners"),
        sql("any", "select a, b\n  from owners\twhere name = 'Bob'", "select a, b from owners where name = ?", "SELECT", "owners"),
        sql("any", "SELECT * FROM t1 JOIN t2 ON t1.id = t2.id WHERE t2.x = 5", "SELECT * FROM t1 JOIN t2 ON t1.id = t2.id WHERE t2.x = ?", "SELECT", "t1"),
        sql("any", "SELECT * FROM a, b WHERE a.id = b.id", "SELECT * FROM a, b WHERE a.id = b.id", "SELECT", "a"),
        sql("any", "SELECT * FROM (SELECT id FROM t WHERE x > 3) sub", "SELECT * FROM (SELECT id FROM t WHERE x > ?) sub", "SELECT", null),
        sql("any", "SELECT 1", "SELECT ?", "SELECT", null),
        sql("any", "SELECT EXTRACT(YEAR FROM created) FROM events", "SELECT EXTRACT(YEAR FROM created) FROM events", "SELECT", "events"),
        sql("any", "(SELECT a FROM t1) UNION (SELECT b FROM t2)", "(SELECT a FROM t1) UNION (SELECT b FROM t2)", "SELECT", "t1"),
        sql("any", "INSERT INTO owners (name, age) VALUES ('Ann', 42)", "INSERT INTO owners (name, age) VALUES (?, ?)", "INSERT", "owners"),
        sql("any", "INSERT INTO archive SELECT * FROM owners WHERE age > 99", "INSERT INTO archive SELECT * FROM owners WHERE age > ?", "INSERT", "archive"),
        sql("any", "UPDATE owners SET name = 'x', age = age + 1 WHERE id = ?", "UPDATE owners SET name = ?, age = age + ? WHERE id = ?", "UPDATE", "owners"),
        sql("any", "DELETE FROM owners WHERE id IN (1, 2, 3)", "DELETE FROM owners WHERE id IN (?)", "DELETE", "owners"),
        sql("any", "SELECT * FROM t WHERE a IN (?, ?, ?) AND b NOT IN (?,?)", "SELECT * FROM t WHERE a IN (?) AND b NOT IN (?)", "SELECT", "t"),
        sql("any", "SELECT * FROM t WHERE a in('x', 'y')", "SELECT * FROM t WHERE a in(?)", "SELECT", "t"),
        sql("any", "INSERT INTO t (a, b) VALUES (?, ?)", "INSERT INTO t (a, b) VALUES (?, ?)", "INSERT", "t"),
        sql("any", "SELECT * FROM t WHERE x = 1 FOR UPDATE", "SELECT * FROM t WHERE x = ? FOR UPDATE", "SELECT", "t"),
        sql("any", "CREATE TABLE IF NOT EXISTS app.users (id INT PRIMARY KEY, name VARCHAR(20) DEFAULT 'n/a')", "CREATE TABLE IF NOT EXISTS app.users (id INT PRIMARY KEY, name VARCHAR(?) DEFAULT ?)", "CREATE", "app.users"),
        sql("any", "CREATE INDEX idx_name ON users (name)", "CREATE INDEX idx_name ON users (name)", "CREATE", null),
        sql("any", "DROP TABLE IF EXISTS users", "DROP TABLE IF EXISTS users", "DROP", "users"),
        sql("any", "ALTER TABLE users ADD COLUMN age INT DEFAULT 0", "ALTER TABLE users ADD COLUMN age INT DEFAULT ?", "ALTER", "users"),
        sql("any", "TRUNCATE TABLE logs", "TRUNCATE TABLE logs", "TRUNCATE", "logs"),
        sql("any", "TRUNCATE logs", "TRUNCATE logs", "TRUNCATE", "logs"),
        sql("any", "COMMIT", "COMMIT", "COMMIT", null),
        sql("any", "rollback", "rollback", "ROLLBACK", null),
        sql("any", "EXPLAIN SELECT * FROM t WHERE id = 7", "EXPLAIN SELECT * FROM t WHERE id = ?", "EXPLAIN", null),
        sql("any", "frobnicate the 'table'", "frobnicate the ?", null, null),
        sql("any", "SELECT a - 1, a-1, a - -1, -2, (-3), x*-4, y/-.5 FROM t", "SELECT a - ?, a-?, a - ?, ?, (?), x*?, y/? FROM t", "SELECT", "t"),
        sql("any", "SELECT * FROM t WHERE a = -7 AND b BETWEEN -1 AND -2.5 OR c = - 3", "SELECT * FROM t WHERE a = ? AND b BETWEEN ? AND ? OR c = - ?", "SELECT", "t"),
        sql("any", "SELECT 1.5, .5, 6., 1e10, 2.5E-3, 7e+2 FROM t", "SELECT ?, ?, ?, ?, ?, ? FROM t", "SELECT", "t"),
        sql("any", "SELECT col1, t2.col3 FROM t2 WHERE col1 = 12abc", "SELECT col1, t2.col3 FROM t2 WHERE col1 = ?abc", "SELECT", "t2"),
        sql("any", "SELECT 'it''s', 'a -- b', 'c /* d */', '\"q\"' FROM t", "SELECT ?, ?, ?, ? FROM t", "SELECT", "t"),
        sql("any", "SELECT a /* it's a 'comment' */ FROM t -- don't 'leak'\nWHERE b = 2", "SELECT a FROM t WHERE b = ?", "SELECT", "t"),
        sql("any", "/* leading */ SELECT/**/x FROM/* mid */t", "SELECT x FROM t", "SELECT", "t"),
        sql("any", "SELECT 1; SELECT 2", "SELECT ?; SELECT ?", "SELECT", null),
        sql("any", "UPDATE t SET a = 'x;y'; DELETE FROM u;", "UPDATE t SET a = ?; DELETE FROM u;", "UPDATE", "t"),
        sql("any", "SELECT * FROM t WHERE name = 'unterminated; DROP TABLE x", "SELECT * FROM t WHERE name = ?", "SELECT", "t"),
        sql("any", "SELECT * FROM t /* unterminated 'secret'", "SELECT * FROM t", "SELECT", "t"),
        sql("any", "WITH recent AS (SELECT * FROM orders WHERE day > 5) SELECT * FROM recent", "WITH recent AS (SELECT * FROM orders WHERE day > ?) SELECT * FROM recent", "SELECT", "recent"),
        sql("any", "WITH a AS (SELECT 1), b AS (SELECT 2) INSERT INTO log SELECT * FROM a", "WITH a AS (SELECT ?), b AS (SELECT ?) INSERT INTO log SELECT * FROM a", "INSERT", "log"),
        sql("any", "WITH a AS (SELECT 1)", "WITH a AS (SELECT ?)", "WITH", null),
        // ---- PostgreSQL
        sql("postgresql", "SELECT * FROM public.owners WHERE id = $1 AND name = $2", "SELECT * FROM public.owners WHERE id = $1 AND name = $2", "SELECT", "public.owners"),
        sql("postgresql", "SELECT \"Name\" FROM \"public\".\"Owners\" WHERE \"a\"\"b\" = 'x'", "SELECT \"Name\" FROM \"public\".\"Owners\" WHERE \"a\"\"b\" = ?", "SELECT", "public.Owners"),
        sql("postgresql", "SELECT $$it's $1 -- not a comment$$, $fn$ a $$ b $fn$ FROM t", "SELECT ?, ? FROM t", "SELECT", "t"),
        sql("postgresql", "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 'x'; END; $body$ LANGUAGE plpgsql", "CREATE FUNCTION f() RETURNS int AS ? LANGUAGE plpgsql", "CREATE", null),
        sql("postgresql", "SELECT E'it\\'s \\n', U&'d\\0061t' FROM t", "SELECT ?, ? FROM t", "SELECT", "t"),
        sql("postgresql", "SELECT 'C:\\', 'secret' FROM dirs", "SELECT ?, ? FROM dirs", "SELECT", "dirs"),
        sql("postgresql", "SELECT data->>'name', data->'a'->>'b', data #>> '{a,b}' FROM docs", "SELECT data->>?, data->?->>?, data #>> ? FROM docs", "SELECT", "docs"),
        sql("postgresql", "SELECT * FROM docs WHERE tags ?| array['a', 'b'] AND tags ? 'c' AND meta @> '{\"k\":1}'", "SELECT * FROM docs WHERE tags ?| array[?, ?] AND tags ? ? AND meta @> ?", "SELECT", "docs"),
        sql("postgresql", "SELECT x::int, arr[1], arr[i+2], arr[2:3] FROM t", "SELECT x::int, arr[?], arr[i+?], arr[?:?] FROM t", "SELECT", "t"),
        sql("postgresql", "INSERT INTO counters (k, n) VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET n = counters.n + 1", "INSERT INTO counters (k, n) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET n = counters.n + ?", "INSERT", "counters"),
        sql("postgresql", "WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 100) SELECT sum(n) FROM t", "WITH RECURSIVE t(n) AS (VALUES (?) UNION ALL SELECT n + ? FROM t WHERE n < ?) SELECT sum(n) FROM t", "SELECT", "t"),
        sql("postgresql", "SELECT /* outer /* inner 'x' */ still comment 'y' */ 1 FROM t", "SELECT ? FROM t", "SELECT", "t"),
        sql("postgresql", "SELECT * FROM ONLY parent WHERE a = 1_000_000", "SELECT * FROM ONLY parent WHERE a = ?", "SELECT", "parent"),
        sql("postgresql", "SELECT count(*) FROM generate_series(1, 10)", "SELECT count(*) FROM generate_series(?, ?)", "SELECT", null),
        sql("postgresql", "SELECT a # b, a #- '{x}' FROM t", "SELECT a # b, a #- ? FROM t", "SELECT", "t"),
        sql("postgresql", "SELECT 'a' 'b', B'1010', X'1F' FROM t", "SELECT ? ?, ?, ? FROM t", "SELECT", "t"),
        sql("postgresql", "SELECT $tag$ unterminated dollar 'secret'", "SELECT ?", "SELECT", null),
        sql("postgresql", "SET search_path TO 'app', public", "SET search_path TO ?, public", "SET", null),
        // ---- MySQL / MariaDB
        sql("mysql", "SELECT * FROM `shop`.`orders` WHERE `note` = 'O\\'Brien said \\\"hi\\\"'", "SELECT * FROM `shop`.`orders` WHERE `note` = ?", "SELECT", "shop.orders"),
        sql("mysql", "INSERT INTO t VALUES ('a\\\\', 'b''c', 'd\\'e')", "INSERT INTO t VALUES (?, ?, ?)", "INSERT", "t"),
        sql("mysql", "# header comment with 'quote'\nSELECT a FROM t", "SELECT a FROM t", "SELECT", "t"),
        sql("mysql", "  # indented comment\n  SELECT 1", "SELECT ?", "SELECT", null),
        sql("mysql", "SELECT * FROM t WHERE h = 0xFF AND b = 0b101 AND x = x'4D' AND s = _utf8mb4'str' AND n = N'nat'", "SELECT * FROM t WHERE h = ? AND b = ? AND x = ? AND s = ? AND n = ?", "SELECT", "t"),
        sql("mysql", "INSERT IGNORE INTO t (a) VALUES (1)", "INSERT IGNORE INTO t (a) VALUES (?)", "INSERT", "t"),
        sql("mysql", "REPLACE INTO kv VALUES ('k', 'v')", "REPLACE INTO kv VALUES (?, ?)", "REPLACE", "kv"),
        sql("mysql", "UPDATE LOW_PRIORITY t SET flag = TRUE WHERE x IS NULL", "UPDATE LOW_PRIORITY t SET flag = TRUE WHERE x IS NULL", "UPDATE", "t"),
        sql("mysql", "DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id", "DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id", "DELETE", "t1"),
        sql("mysql", "SELECT @@version, @v := 5", "SELECT @@version, @v := ?", "SELECT", null),
        sql("mysql", "SELECT * FROM t LIMIT 10 OFFSET 20", "SELECT * FROM t LIMIT ? OFFSET ?", "SELECT", "t"),
        sql("mysql", "SHOW TABLES", "SHOW TABLES", "SHOW", null),
        // ---- H2
        sql("h2", "MERGE INTO users KEY (id) VALUES (1, 'a')", "MERGE INTO users KEY (id) VALUES (?, ?)", "MERGE", "users"),
        sql("h2", "SELECT * FROM PUBLIC.USERS WHERE ID = :id AND NAME = :name", "SELECT * FROM PUBLIC.USERS WHERE ID = :id AND NAME = :name", "SELECT", "PUBLIC.USERS"),
        sql("h2", "CALL NEXT VALUE FOR seq", "CALL NEXT VALUE FOR seq", "CALL", null),
        sql("h2", "SELECT * FROM t WHERE d = DATE '2024-01-31' AND ts = TIMESTAMP '2024-01-31 10:00:00'", "SELECT * FROM t WHERE d = DATE ? AND ts = TIMESTAMP ?", "SELECT", "t"),
        // ---- Oracle
        sql("oracle", "SELECT sid, serial# FROM v$session WHERE username = :1 AND status = 'ACTIVE'", "SELECT sid, serial# FROM v$session WHERE username = :1 AND status = ?", "SELECT", "v$session"),
        sql("oracle", "SELECT q'[it's]', q'{a'' b}', nq'!x!' FROM dual", "SELECT ?, ?, ? FROM dual", "SELECT", "dual"),
        sql("oracle", "MERGE INTO hr.emp e USING (SELECT * FROM src) s ON (e.id = s.id) WHEN MATCHED THEN UPDATE SET e.sal = s.sal * 1.1", "MERGE INTO hr.emp e USING (SELECT * FROM src) s ON (e.id = s.id) WHEN MATCHED THEN UPDATE SET e.sal = s.sal * ?", "MERGE", "hr.emp"),
        sql("oracle", "BEGIN update_salary(:emp, 100); END;", "BEGIN update_salary(:emp, ?); END;", "BEGIN", null),
        sql("oracle", "SELECT * FROM t WHERE ROWNUM <= 10", "SELECT * FROM t WHERE ROWNUM <= ?", "SELECT", "t"),
        // ---- SQL Server
        sql("sqlserver", "SELECT TOP 10 * FROM [dbo].[Order Details] WITH (NOLOCK) WHERE [Qty] > 5", "SELECT TOP ? * FROM [dbo].[Order Details] WITH (NOLOCK) WHERE [Qty] > ?", "SELECT", "dbo.Order Details", "SELECT dbo.OrderDetails"),
        sql("sqlserver", "SELECT * FROM #temp WHERE a = N'ü'", "SELECT * FROM #temp WHERE a = ?", "SELECT", "#temp"),
        sql("sqlserver", "EXEC dbo.usp_GetOrders @CustomerId = 42, @Since = '2024-01-01'", "EXEC dbo.usp_GetOrders @CustomerId = ?, @Since = ?", "EXEC", null, "EXEC dbo.usp_GetOrders"),
        sql("sqlserver", "EXEC @rc = dbo.p 1", "EXEC @rc = dbo.p ?", "EXEC", null, "EXEC dbo.p"),
        sql("sqlserver", "DELETE TOP (5) FROM q", "DELETE TOP (?) FROM q", "DELETE", "q"),
        // ---- SQLite
        sql("sqlite", "INSERT OR REPLACE INTO kv (k, v) VALUES (?1, ?2)", "INSERT OR REPLACE INTO kv (k, v) VALUES (?1, ?2)", "INSERT", "kv"),
        sql("sqlite", "PRAGMA table_info('users')", "PRAGMA table_info(?)", "PRAGMA", null),
        sql("sqlite", "CREATE VIRTUAL TABLE docs USING fts5(body)", "CREATE VIRTUAL TABLE docs USING fts5(body)", "CREATE", "docs"),
        sql("sqlite", "SELECT * FROM \"my table\" WHERE x = X'00FF'", "SELECT * FROM \"my table\" WHERE x = ?", "SELECT", "my table", "SELECT mytable"),
        // ---- JDBC escapes and stored procedures
        sql("jdbc", "{call proc(?, ?)}", "{call proc(?, ?)}", "CALL", null, "CALL proc"),
        sql("jdbc", "{? = call fn(?)}", "{? = call fn(?)}", "CALL", null, "CALL fn"),
        sql("jdbc", "{ call pkg.proc('a', 3) }", "{ call pkg.proc(?, ?) }", "CALL", null, "CALL pkg.proc"),
        sql("jdbc", "SELECT {fn UCASE(name)}, {d '2024-01-01'}, {ts '2024-01-01 00:00:00'} FROM t", "SELECT {fn UCASE(name)}, {d ?}, {ts ?} FROM t", "SELECT", "t"),
        // ---- unicode
        sql("unicode", "SELECT * FROM 顧客 WHERE 名前 = '山田 😀' AND note = '🎉'", "SELECT * FROM 顧客 WHERE 名前 = ? AND note = ?", "SELECT", "顧客"),
        sql("unicode", "SELECT \"😀\" FROM \"emoji😀table\"", "SELECT \"😀\" FROM \"emoji😀table\"", "SELECT", "emoji😀table", "SELECT emojitable"),
        sql("unicode", "SELECT * FROM 𠀀表 WHERE x = 'ü'", "SELECT * FROM 𠀀表 WHERE x = ?", "SELECT", "𠀀表"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statements")
  void sanitizesAndSummarizes(Case c) {
    SqlInfo info = SqlSanitizer.sanitize(c.sql());
    assertEquals(c.text(), info.queryText(), "queryText");
    assertEquals(c.operation(), info.operationName(), "operationName");
    assertEquals(c.collection(), info.collectionName(), "collectionName");
    assertEquals(c.expectedSummary(), info.summary(), "summary");
  }

  @Test
  void storedProcedureNameIsSeparateFromCollection() {
    SqlInfo info = SqlSanitizer.sanitize("{call \"Sales\".\"Monthly\"(?, 'x')}");
    assertEquals("Sales.Monthly", info.storedProcedureName());
    assertNull(info.collectionName());
    assertEquals("CALL Sales.Monthly", info.summary());
    assertEquals("{call \"Sales\".\"Monthly\"(?, ?)}", info.queryText());
  }

  @Test
  void nullEmptyAndBlankInput() {
    SqlInfo none = SqlSanitizer.sanitize(null);
    assertNull(none.queryText());
    assertNull(none.operationName());
    assertNull(none.summary());
    assertEquals(0, none.statementCount());

    for (String blank : new String[] {"", "   \n\t ", "-- only a comment", "/* only */", ";;"}) {
      SqlInfo info = SqlSanitizer.sanitize(blank);
      assertEquals(blank.equals(";;") ? ";;" : "", info.queryText(), blank);
      assertNull(info.operationName(), blank);
      assertNull(info.summary(), blank);
      assertEquals(0, info.statementCount(), blank);
    }
  }

  @Test
  void countsStatementsIgnoringSeparatorsInLiteralsAndComments() {
    assertEquals(1, SqlSanitizer.sanitize("SELECT 1;").statementCount());
    assertEquals(2, SqlSanitizer.sanitize("SELECT 1; SELECT 2").statementCount());
    assertEquals(3, SqlSanitizer.sanitize("SELECT ';'; /* ; */ SELECT $$;$$;; -- ;\nSELECT 3;").statementCount());
    SqlInfo info = SqlSanitizer.sanitize(";; UPDATE a SET x = 1; DELETE FROM b");
    assertEquals(2, info.statementCount());
    assertEquals("UPDATE", info.operationName());
    assertEquals("a", info.collectionName());
  }

  @Test
  void collapsesLongInList() {
    StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE id IN (");
    for (int i = 0; i < 10_000; i++) {
      sql.append(i == 0 ? "" : ", ").append(i % 2 == 0 ? String.valueOf(i) : "'v" + i + "'");
    }
    sql.append(") AND x = 1");
    SqlInfo info = SqlSanitizer.sanitize(sql.toString());
    assertEquals("SELECT * FROM t WHERE id IN (?) AND x = ?", info.queryText());
    assertEquals("SELECT t", info.summary());
  }

  @Test
  void sanitizesOneMegabyteStatement() {
    StringBuilder sql = new StringBuilder("INSERT INTO big (id, name, note) VALUES ");
    StringBuilder expected = new StringBuilder(sql);
    int rows = 0;
    while (sql.length() < 1024 * 1024) {
      String sep = rows == 0 ? "" : ", ";
      sql.append(sep).append('(').append(rows).append(", 'name ").append(rows)
          .append(" it''s', /* c */ $$note ").append(rows).append("$$)");
      expected.append(sep).append("(?, ?, ?)");
      rows++;
    }
    SqlInfo full = SqlSanitizer.sanitize(sql.toString(), 0);
    assertEquals(expected.toString(), full.queryText());
    assertEquals("INSERT big", full.summary());

    SqlInfo cut = SqlSanitizer.sanitize(sql.toString());
    assertTrue(cut.queryText().length() <= SqlSanitizer.DEFAULT_MAX_LENGTH);
    assertTrue(expected.toString().startsWith(cut.queryText()));
  }

  @Test
  void truncatesAfterSanitizingAndNeverSplitsSurrogatePairs() {
    String secret = "SELECT 'TOPSECRETTOPSECRET' FROM t";
    assertEquals("SELECT ?", SqlSanitizer.sanitize(secret, 9).queryText());
    assertEquals("SELECT", SqlSanitizer.sanitize(secret, 7).queryText());

    String emoji = "SELECT \"😀😀\" FROM t";
    String text = SqlSanitizer.sanitize(emoji, 9).queryText(); // 9th char is a high surrogate
    assertEquals("SELECT \"", text);
    assertEquals("SELECT \"😀", SqlSanitizer.sanitize(emoji, 10).queryText());
    assertEquals(emoji, SqlSanitizer.sanitize(emoji, -1).queryText());
  }

  @Test
  void summaryIsBounded() {
    String longName = "t".repeat(100);
    SqlInfo info = SqlSanitizer.sanitize("SELECT * FROM " + longName);
    assertEquals(longName, info.collectionName());
    assertEquals("SELECT " + "t".repeat(64), info.summary());

    SqlInfo weird = SqlSanitizer.sanitize("SELECT * FROM \"a b\nc\t<d>\"");
    assertEquals("a b\nc\t<d>", weird.collectionName());
    assertEquals("SELECT abcd", weird.summary());

    SqlInfo allWeird = SqlSanitizer.sanitize("DELETE FROM \"<>\"");
    assertEquals("DELETE", allWeird.summary());
  }

  @Test
  void backslashAmbiguityNeverLeaks() {
    // MySQL reading: one string. Standard reading would leave a quote open, so MySQL wins.
    assertEquals("SELECT ? FROM t", SqlSanitizer.sanitize("SELECT 'a\\'b' FROM t").queryText());
    // Standard reading: two strings. MySQL reading would leave a quote open, so standard wins.
    assertEquals("SELECT ?, ? FROM t", SqlSanitizer.sanitize("SELECT 'C:\\', 'secret' FROM t").queryText());
    // Both readings end cleanly but differently: hide everything from the disputed string on.
    SqlInfo info = SqlSanitizer.sanitize("SELECT 'it\\'s -- x', 'secret' FROM t");
    assertEquals("SELECT ?", info.queryText());
    assertEquals("SELECT", info.operationName());
  }

  @Test
  void unterminatedLiteralsHideTheRest() {
    for (String sql :
        new String[] {
          "SELECT * FROM t WHERE a = 'SECRET and more",
          "SELECT * FROM t WHERE a = E'SECRET\\'",
          "SELECT * FROM t WHERE a = $$SECRET",
          "SELECT * FROM t WHERE a = $x$SECRET$y$",
          "SELECT * FROM t WHERE a = q'[SECRET'",
          "SELECT * FROM t WHERE a = \"SECRET",
          "SELECT * FROM t WHERE a = `SECRET",
          "SELECT * FROM t WHERE a = 1 /* SECRET",
        }) {
      SqlInfo info = SqlSanitizer.sanitize(sql);
      assertFalse(info.queryText().contains("SECRET"), sql);
      assertTrue(info.queryText().startsWith("SELECT * FROM t WHERE a ="), sql);
      assertEquals("SELECT t", info.summary(), sql);
    }
  }

  @Test
  void infoIsAValue() {
    SqlInfo a = SqlSanitizer.sanitize("SELECT * FROM t WHERE x = 1");
    SqlInfo b = SqlSanitizer.sanitize("SELECT  *  FROM t WHERE x = 2 -- two");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertTrue(a.toString().contains("SELECT t"));
  }
}
