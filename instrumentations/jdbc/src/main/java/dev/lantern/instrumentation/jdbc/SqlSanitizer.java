package dev.lantern.instrumentation.jdbc;

/**
 * Turns a SQL string into the attributes of the OpenTelemetry database conventions without ever
 * exposing a literal value: {@code db.query.text}, {@code db.operation.name},
 * {@code db.collection.name}, {@code db.stored_procedure.name} and {@code db.query.summary}.
 *
 * <p>What is replaced by {@code ?}: quoted strings ({@code '...'} with {@code ''} and MySQL
 * backslash escapes; {@code E'} {@code N'} {@code X'} {@code B'} {@code U&'} {@code _charset'}
 * prefixes; Oracle {@code q'[...]'}; PostgreSQL {@code $$...$$} and {@code $tag$...$tag$}), numbers
 * (with their sign when the minus is not a subtraction), {@code 0x}/{@code 0b} literals. Kept:
 * identifiers, including {@code "quoted"}, {@code `backticked`} and {@code [bracketed]} ones; bind
 * markers {@code ?}, {@code :name}, {@code :1}, {@code $1}; keywords such as {@code TRUE},
 * {@code FALSE} and {@code NULL}, which carry no data. Comments are removed, whitespace collapsed,
 * and {@code IN (?, ?, ?)} becomes {@code IN (?)}.
 *
 * <p>{@code #} starts a (MySQL) comment only as the first thing on a line; anywhere else it is
 * PostgreSQL's XOR or JSON-path operator or part of a SQL Server {@code #temp} name, which must not
 * swallow the rest of the line.
 *
 * <p>Anything unterminated (string, quoted identifier, comment) hides the rest of the input. The
 * sanitizer never throws: on an internal failure it returns no query text rather than the input.
 */
public final class SqlSanitizer {

  /**
   * Default cap on the sanitized text, in chars. Large enough for nearly all hand-written and ORM
   * statements after IN-list collapsing, small enough to keep spans cheap to store and export.
   */
  public static final int DEFAULT_MAX_LENGTH = 4096;

  private SqlSanitizer() {}

  /** Sanitizes with {@link #DEFAULT_MAX_LENGTH}. */
  public static SqlInfo sanitize(String sql) {
    return sanitize(sql, DEFAULT_MAX_LENGTH);
  }

  /**
   * Sanitizes {@code sql}, then cuts the sanitized text to at most {@code maxLength} chars (never
   * between the two halves of a surrogate pair); {@code maxLength <= 0} means no limit.
   */
  public static SqlInfo sanitize(String sql, int maxLength) {
    if (sql == null) {
      return SqlInfo.NULL_INPUT;
    }
    try {
      SqlScanner scan = SqlScanner.scan(sql, true, -1);
      if (scan.firstBackslashQuote >= 0) {
        scan = resolveBackslashAmbiguity(sql, scan);
      }
      SqlSummarizer summarizer = scan.summarizer;
      return new SqlInfo(
          truncate(scan.out, maxLength),
          summarizer.operation(),
          summarizer.collection(),
          summarizer.storedProcedure(),
          scan.statementCount);
    } catch (Throwable t) {
      // Instrumentation must not break the application; report what is safe and nothing more.
      return new SqlInfo(null, leadingOperation(sql), null, null, 0);
    }
  }

  /**
   * {@code 'a\'...'}: MySQL reads an escaped quote, standard SQL (PostgreSQL) the end of the string.
   * A reading that leaves something unterminated is a syntax error in that dialect, so the other
   * one is right. When both or neither read cleanly, everything from the disputed string on is
   * hidden, which is safe under either reading.
   */
  private static SqlScanner resolveBackslashAmbiguity(String sql, SqlScanner mysql) {
    SqlScanner standard = SqlScanner.scan(sql, false, -1);
    if (mysql.unterminated != standard.unterminated) {
      return mysql.unterminated ? standard : mysql;
    }
    if (mysql.out.compareTo(standard.out) == 0) {
      return mysql;
    }
    return SqlScanner.scan(sql, true, mysql.firstBackslashQuote);
  }

  private static String truncate(StringBuilder text, int maxLength) {
    int end = text.length();
    if (maxLength > 0 && end > maxLength) {
      end = maxLength;
      if (Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      while (end > 0 && text.charAt(end - 1) == ' ') {
        end--;
      }
    }
    return text.substring(0, end);
  }

  /** The first word when it is a known operation; anything else could be data. */
  private static String leadingOperation(String sql) {
    try {
      int start = 0;
      while (start < sql.length() && SqlScanner.isSpace(sql.charAt(start))) {
        start++;
      }
      int end = start;
      while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
        end++;
      }
      return SqlSummarizer.operationNamed(sql, start, end);
    } catch (Throwable t) {
      return null;
    }
  }
}
