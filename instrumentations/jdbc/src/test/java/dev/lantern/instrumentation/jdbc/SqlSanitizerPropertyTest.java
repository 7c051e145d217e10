package dev.lantern.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Generated statements whose literals are full of quotes, comment markers, separators and the
 * letter Z, in templates that contain neither Z nor digits: no Z, digit or non-ASCII literal
 * character may survive anywhere in the result.
 */
class SqlSanitizerPropertyTest {

  private static final String[] TEMPLATES = {
    "SELECT a, b FROM tab WHERE a = {} AND b IN ({}, {}, {}) OR c > {}",
    "INSERT INTO tab (a, b, c) VALUES ({}, {}, {})",
    "UPDATE tab SET a = {}, b = b - {} WHERE c = {} /* note 'x' */",
    "SELECT * FROM tab WHERE a = {} -- trailing 'comment'\n AND b = {}",
    "SELECT CASE WHEN a = {} THEN {} ELSE {} END FROM tab WHERE x LIKE {}",
    "DELETE FROM tab WHERE a BETWEEN {} AND {}; SELECT {}",
    "SELECT x FROM tab WHERE a = {} AND b = {} ORDER BY c LIMIT {}",
  };
  private static final String[] OPERATIONS = {"SELECT", "INSERT", "UPDATE", "SELECT", "SELECT", "DELETE", "SELECT"};

  /** Pieces of literal content; "'" and "\\" are escaped as each dialect requires. */
  private static final String[] CONTENT = {
    "ZZ", " ZZ ", "ZZ--ZZ", "/*ZZ", "ZZ*/", "ZZ;", "\"ZZ", "`ZZ", "#ZZ", "(ZZ)", "ZZ,ZZ", "ü",
    "😀", "Z'Z", "'Z", "Z\\Z", "Z\\", "\nZZ", "\n#ZZ", "ZZ$ZZ", "ZZ?", ":ZZ", "Z''", "${ZZ}"
  };

  private final Random random = new Random(20240531L);

  @Test
  void noLiteralSurvives() {
    for (int n = 0; n < 600; n++) {
      int template = random.nextInt(TEMPLATES.length);
      Function<Random, String> literal = dialect(n % 4);
      String sql = fill(TEMPLATES[template], literal);
      SqlInfo info = SqlSanitizer.sanitize(sql, 0);
      String message = "dialect " + (n % 4) + ": " + sql + "\n=> " + info;

      String text = info.queryText();
      assertNotNull(text, message);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        assertTrue(c != 'Z' && !Character.isDigit(c) && c < 128, message);
      }
      for (String attribute : new String[] {info.collectionName(), info.summary(), info.storedProcedureName()}) {
        assertTrue(attribute == null || attribute.indexOf('Z') < 0, message);
      }
      assertEquals(OPERATIONS[template], info.operationName(), message);
    }
  }

  /** Random fragments of SQL syntax, lone surrogates included: every scanner path must cope. */
  @Test
  void garbageNeverBreaksTheScanner() {
    String[] pieces = {
      "'", "\"", "`", "[", "]", "(", ")", "$", "$$", "$a$", "-", "--", "/*", "*/", "#", "\n", " ",
      "\\", "?", ":", ";", ",", ".", "0x", "0b", "1", "e", "E", "N", "q", "nq", "U&", "_x", "IN",
      "SELECT", "FROM", "CALL", "EXEC", "WITH", "TOP", "TABLE", "{", "}", "=", "@", "😀", "\uD800",
      "\uDC00", "表", "\u3000", "\u0000"
    };
    for (int n = 0; n < 3000; n++) {
      StringBuilder sql = new StringBuilder();
      for (int i = random.nextInt(40); i >= 0; i--) {
        sql.append(pieces[random.nextInt(pieces.length)]);
      }
      String input = sql.toString();
      SqlScanner mysql = SqlScanner.scan(input, true, -1); // throws here rather than being swallowed
      SqlScanner standard = SqlScanner.scan(input, false, -1);
      SqlScanner masked = SqlScanner.scan(input, true, Math.max(0, mysql.firstBackslashQuote));
      assertTrue(mysql.out.length() <= input.length() && standard.out.length() <= input.length(), input);
      assertTrue(masked.out.length() <= input.length(), input);
      SqlInfo info = SqlSanitizer.sanitize(input, 1 + random.nextInt(30));
      assertNotNull(info.queryText(), input);
    }
  }

  private String fill(String template, Function<Random, String> literal) {
    StringBuilder sql = new StringBuilder();
    int from = 0;
    for (int at = template.indexOf("{}"); at >= 0; at = template.indexOf("{}", from)) {
      sql.append(template, from, at).append(literal.apply(random));
      from = at + 2;
    }
    return sql.append(template.substring(from)).toString();
  }

  private Function<Random, String> dialect(int dialect) {
    switch (dialect) {
      case 0: // PostgreSQL: standard strings (backslash is a character), E'', dollar quotes
        return r -> oneOf(r,
            "'" + content(r).replace("'", "''") + "'",
            "E'" + content(r).replace("\\", "\\\\").replace("'", "\\'") + "'",
            "$q$" + content(r) + "$q$",
            "$$" + content(r).replace("$", "") + "$$",
            number(r));
      case 1: // MySQL: backslash escapes, hex and introducers
        return r -> oneOf(r,
            "'" + content(r).replace("\\", "\\\\").replace("'", r.nextBoolean() ? "\\'" : "''") + "'",
            "_utf8mb4'" + content(r).replace("\\", "\\\\").replace("'", "\\'") + "'",
            "X'" + Integer.toHexString(r.nextInt(1 << 20)).toUpperCase() + "'",
            "0x" + Integer.toHexString(r.nextInt(1 << 20)),
            number(r));
      case 2: // SQL Server / H2 / SQLite: only doubled quotes
        return r -> oneOf(r,
            "N'" + content(r).replace("'", "''") + "'",
            "'" + content(r).replace("'", "''") + "'",
            number(r));
      default: // Oracle
        return r -> oneOf(r,
            "q'[" + content(r) + "]'",
            "'" + content(r).replace("'", "''") + "'",
            number(r));
    }
  }

  private static String content(Random r) {
    StringBuilder s = new StringBuilder();
    for (int i = 1 + r.nextInt(6); i > 0; i--) {
      s.append(CONTENT[r.nextInt(CONTENT.length)]);
    }
    return s.toString();
  }

  private static String number(Random r) {
    String sign = r.nextInt(3) == 0 ? "-" : "";
    switch (r.nextInt(5)) {
      case 0:
        return sign + r.nextInt(1_000_000);
      case 1:
        return sign + r.nextInt(1000) + "." + r.nextInt(1000);
      case 2:
        return sign + r.nextInt(10) + "." + r.nextInt(100) + "e" + (r.nextBoolean() ? "-" : "+") + r.nextInt(30);
      case 3:
        return sign + "." + (1 + r.nextInt(999));
      default:
        return sign + r.nextInt(1000) + "E" + r.nextInt(10);
    }
  }

  private static String oneOf(Random r, String... choices) {
    return choices[r.nextInt(choices.length)];
  }
}
