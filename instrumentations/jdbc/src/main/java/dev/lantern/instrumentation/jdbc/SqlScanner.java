package dev.lantern.instrumentation.jdbc;

/**
 * One left-to-right pass over a SQL string that writes the sanitized text and feeds the tokens of
 * the first statement to a {@link SqlSummarizer}. Every character is looked at a bounded number of
 * times, so a pass is linear in the input length.
 *
 * <p>The dialect is unknown, so the scanner accepts the union of the common lexical rules and, where
 * dialects disagree, prefers the reading that hides more. The one disagreement that cannot be
 * settled that way, whether a backslash escapes a quote inside {@code '...'} (MySQL) or not
 * (standard SQL, PostgreSQL), is settled by {@link SqlSanitizer} running up to three passes.
 */
final class SqlScanner {

  /** Longest {@code [bracket identifier]} looked for, which keeps the look-ahead bounded. */
  private static final int MAX_BRACKET_IDENTIFIER = 128;

  /** Keywords after which {@code -1} is a negative number rather than a subtraction. */
  private static final String[] KEYWORDS_BEFORE_SIGN = {
    "SELECT", "WHERE", "AND", "OR", "NOT", "WHEN", "THEN", "ELSE", "CASE", "RETURN", "RETURNING",
    "VALUES", "LIMIT", "OFFSET", "IN", "IS", "BY", "BETWEEN", "LIKE", "ILIKE", "ON", "HAVING",
    "SET", "INTERVAL", "TOP", "DEFAULT", "ALL", "ANY", "SOME", "DISTINCT", "FETCH", "ROWS"
  };

  private final String sql;
  private final int length;
  /** Whether {@code \'} inside a plain {@code '...'} string is an escaped quote (MySQL). */
  private final boolean backslashEscapes;
  /** A quoted literal starting at this index swallows the rest of the input; -1 for none. */
  private final int maskFrom;

  final StringBuilder out;
  final SqlSummarizer summarizer;
  /** A string, quoted identifier or comment ran to the end of the input. */
  boolean unterminated;
  /** Start of the first plain string whose end depends on backslash escaping; -1 if none. */
  int firstBackslashQuote = -1;

  int statementCount;
  private boolean statementHasTokens;
  private boolean pendingSpace;
  private boolean atLineStart = true;
  /** The last token was a value (name, literal, {@code )}), so a following {@code -} is an operator. */
  private boolean lastIsOperand;
  private int lastWordStart = -1;
  private int lastWordEnd;

  private SqlScanner(String sql, boolean backslashEscapes, int maskFrom) {
    this.sql = sql;
    this.length = sql.length();
    this.backslashEscapes = backslashEscapes;
    this.maskFrom = maskFrom;
    // The output is never longer than the input; a cap avoids a huge first allocation.
    this.out = new StringBuilder(Math.min(length, 64 * 1024));
    this.summarizer = new SqlSummarizer(sql);
  }

  static SqlScanner scan(String sql, boolean backslashEscapes, int maskFrom) {
    SqlScanner scanner = new SqlScanner(sql, backslashEscapes, maskFrom);
    scanner.run();
    return scanner;
  }

  private void run() {
    int i = 0;
    while (i < length) {
      char c = sql.charAt(i);
      if (isSpace(c)) {
        if (c == '\n' || c == '\r') {
          atLineStart = true;
        }
        pendingSpace = true;
        i++;
      } else {
        boolean lineStart = atLineStart;
        atLineStart = false;
        i = token(i, c, lineStart);
      }
    }
    endStatement();
    summarizer.end();
  }

  /** Handles the token starting at {@code i} and returns the index after it. */
  private int token(int i, char c, boolean lineStart) {
    char next = i + 1 < length ? sql.charAt(i + 1) : 0;
    switch (c) {
      case '\'':
        return quotedLiteral(i, i, backslashEscapes, true);
      case '"':
      case '`':
        return quotedIdentifier(i, c);
      case '[':
        {
          int end = bracketIdentifierEnd(i);
          return end > 0 ? emitQuotedIdentifier(i, end) : symbol(i, c);
        }
      case '-':
        if (next == '-') {
          return lineComment(i);
        }
        if (startsNumber(i + 1) && signAllowed()) {
          return number(i, i + 1);
        }
        return symbol(i, c);
      case '/':
        return next == '*' ? blockComment(i) : symbol(i, c);
      case '#':
        // A MySQL comment only as the first thing on a line, where other dialects hardly put it.
        // Elsewhere '#' is PostgreSQL's XOR / JSON-path operator or a SQL Server #temp table,
        // and reading those as comments would drop the rest of the line from the query text.
        if (lineStart) {
          return lineComment(i);
        }
        return isWordStart(next) || next == '#' ? word(i, i + 1) : symbol(i, c);
      case '$':
        if (isDigit(next)) {
          return bindMarker(i, i + 1); // PostgreSQL $1
        }
        return dollarQuoted(i);
      case '?':
        if (isDigit(next)) {
          return bindMarker(i, i + 1); // SQLite ?1
        }
        return symbol(i, c);
      case ':':
        if (isDigit(next) && !lastIsOperand) {
          return bindMarker(i, i + 1); // Oracle :1 (not a slice bound like a[i:2])
        }
        return symbol(i, c);
      case '.':
        return isDigit(next) && !lastIsOperand ? number(i, i) : symbol(i, c);
      case ';':
        boolean statementHadTokens = statementHasTokens;
        symbol(i, c); // written like any symbol, but a separator alone is no statement
        statementHasTokens = statementHadTokens;
        endStatement();
        return i + 1;
      default:
        if (isDigit(c)) {
          return number(i, i);
        }
        if (isWordStart(c)) {
          return word(i, i + 1);
        }
        if (Character.isHighSurrogate(c) && Character.isLetter(sql.codePointAt(i))) {
          return word(i, i + 2); // CJK extension B and other supplementary letters
        }
        return symbol(i, c);
    }
  }

  // ---------------------------------------------------------------- literals

  /**
   * A {@code '...'} literal whose opening quote is at {@code quote}; {@code start} includes any
   * prefix such as {@code E} or {@code N}. Doubled quotes are always escapes; backslashes only when
   * {@code escapes}. Unterminated: the rest of the input is the literal.
   */
  private int quotedLiteral(int start, int quote, boolean escapes, boolean dialectDependent) {
    if (start == maskFrom) {
      return literalToEnd(false);
    }
    int i = quote + 1;
    while (i < length) {
      char c = sql.charAt(i);
      if (c == '\'') {
        if (i + 1 < length && sql.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return emitLiteral(i + 1);
      }
      if (c == '\\' && escapes) {
        if (dialectDependent && firstBackslashQuote < 0 && i + 1 < length && sql.charAt(i + 1) == '\'') {
          // Without backslash escapes this quote would end the string: the dialects disagree.
          firstBackslashQuote = start;
        }
        i += 2;
        continue;
      }
      i++;
    }
    return literalToEnd(true);
  }

  /** Oracle {@code q'[...]'}: {@code quote} is the index of the quote after the q. */
  private int oracleQuoted(int start, int quote) {
    if (quote + 1 >= length) {
      return literalToEnd(true);
    }
    char open = sql.charAt(quote + 1);
    char close = open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : open == '<' ? '>' : open;
    for (int i = quote + 2; i + 1 < length; i++) {
      if (sql.charAt(i) == close && sql.charAt(i + 1) == '\'') {
        return emitLiteral(i + 2);
      }
    }
    return literalToEnd(true);
  }

  /** PostgreSQL {@code $$...$$} or {@code $tag$...$tag$}; anything else starting with $ is a symbol. */
  private int dollarQuoted(int i) {
    int tagEnd = i + 1;
    if (tagEnd < length && isWordStart(sql.charAt(tagEnd)) && sql.charAt(tagEnd) != '@') {
      while (tagEnd < length && isTagPart(sql.charAt(tagEnd))) {
        tagEnd++;
      }
    }
    if (tagEnd >= length || sql.charAt(tagEnd) != '$') {
      return symbol(i, '$');
    }
    int tagLength = tagEnd + 1 - i;
    for (int j = tagEnd + 1; j + tagLength <= length; j++) {
      if (sql.charAt(j) == '$' && sql.regionMatches(j, sql, i, tagLength)) {
        return emitLiteral(j + tagLength);
      }
    }
    return literalToEnd(true);
  }

  /**
   * Integers, decimals, exponents, {@code 0x}/{@code 0b} literals and PostgreSQL 16 {@code 1_000};
   * {@code start} includes a leading sign. A letter right after the digits is not part of the
   * number (MySQL identifiers may start with digits): it is left for the next token, so at worst an
   * identifier loses its leading digits, never the other way round.
   */
  private int number(int start, int digits) {
    int i = digits;
    char c = sql.charAt(i);
    char next = i + 1 < length ? sql.charAt(i + 1) : 0;
    if (c == '0' && (next == 'x' || next == 'X') && i + 2 < length && isHexDigit(sql.charAt(i + 2))) {
      i += 2;
      while (i < length && isHexDigit(sql.charAt(i))) {
        i++;
      }
      return emitLiteral(i);
    }
    if (c == '0' && (next == 'b' || next == 'B') && i + 2 < length && isBinaryDigit(sql.charAt(i + 2))) {
      i += 2;
      while (i < length && isBinaryDigit(sql.charAt(i))) {
        i++;
      }
      return emitLiteral(i);
    }
    i = digits(i);
    if (i < length && sql.charAt(i) == '.') {
      i = digits(i + 1);
    }
    if (i < length && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int exponent = i + 1;
      if (exponent < length && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
        exponent++;
      }
      if (exponent < length && isDigit(sql.charAt(exponent))) {
        i = digits(exponent);
      }
    }
    return emitLiteral(i);
  }

  private int digits(int i) {
    while (i < length) {
      char c = sql.charAt(i);
      if (isDigit(c) || (c == '_' && i + 1 < length && isDigit(sql.charAt(i + 1)) && i > 0 && isDigit(sql.charAt(i - 1)))) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private boolean startsNumber(int i) {
    if (i >= length) {
      return false;
    }
    char c = sql.charAt(i);
    return isDigit(c) || (c == '.' && i + 1 < length && isDigit(sql.charAt(i + 1)));
  }

  /** A {@code -} before a number is a sign unless it follows a value ({@code a-1}, {@code x) - 1}). */
  private boolean signAllowed() {
    if (!lastIsOperand) {
      return true;
    }
    if (lastWordStart < 0) {
      return false;
    }
    for (String keyword : KEYWORDS_BEFORE_SIGN) {
      if (SqlSummarizer.isKeyword(sql, lastWordStart, lastWordEnd, keyword)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- names and symbols

  private int word(int start, int i) {
    while (i < length) {
      int part = wordPartLength(i);
      if (part == 0) {
        break;
      }
      i += part;
    }
    if (i < length && sql.charAt(i) == '\'') {
      int prefixLength = i - start;
      char first = sql.charAt(start);
      if (prefixLength == 1 && (first == 'e' || first == 'E')) {
        return quotedLiteral(start, i, true, false); // PostgreSQL E'\n': always backslash escapes
      }
      if ((prefixLength == 1 && "nNxXbB".indexOf(first) >= 0) || first == '_') {
        return quotedLiteral(start, i, backslashEscapes, true); // N'..', X'..', B'..', _utf8'..'
      }
      if ((prefixLength == 1 && (first == 'q' || first == 'Q'))
          || (prefixLength == 2 && SqlSummarizer.isKeyword(sql, start, i, "NQ"))) {
        return oracleQuoted(start, i);
      }
    }
    if (i + 1 < length && i - start == 1 && (sql.charAt(start) == 'u' || sql.charAt(start) == 'U')
        && sql.charAt(i) == '&' && sql.charAt(i + 1) == '\'') {
      return quotedLiteral(start, i + 1, false, false); // PostgreSQL U&'d\0061t\+000061'
    }
    beforeToken();
    out.append(sql, start, i);
    lastIsOperand = true;
    lastWordStart = start;
    lastWordEnd = i;
    summarizer.word(start, i);
    return i;
  }

  /** {@code "..."} or {@code `...`} with the quote doubled as escape: an identifier, kept. */
  private int quotedIdentifier(int start, char quote) {
    int i = start + 1;
    while (i < length) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < length && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return emitQuotedIdentifier(start, i + 1);
      }
      i++;
    }
    // Unterminated: it may have been a string (MySQL "..."), so hide the rest.
    return literalToEnd(true);
  }

  /**
   * End (exclusive) of a SQL Server {@code [identifier]} at {@code start}, or -1 when the bracket is
   * rather an array subscript or constructor ({@code a[1]}, {@code ARRAY['x']}) whose contents must
   * be scanned for literals.
   */
  private int bracketIdentifierEnd(int start) {
    int limit = Math.min(length, start + 2 + MAX_BRACKET_IDENTIFIER);
    if (start + 1 >= limit || !isWordStart(sql.charAt(start + 1))) {
      return -1;
    }
    for (int i = start + 1; i < limit; i++) {
      char c = sql.charAt(i);
      if (c == ']') {
        return i + 1;
      }
      if (c == '\'' || c == '"' || c == '[' || c == '(' || c == ')' || c == ',' || c == '?'
          || c == ':' || c == '$' || c < ' ') {
        return -1;
      }
      if (isDigit(c) && !isWordPart(sql.charAt(i - 1))) {
        return -1; // a number, as in a[i+1]
      }
    }
    return -1;
  }

  private int emitQuotedIdentifier(int start, int end) {
    beforeToken();
    out.append(sql, start, end);
    lastIsOperand = true;
    lastWordStart = -1;
    summarizer.quotedIdentifier(start, end);
    return end;
  }

  /** Bind markers ({@code $1}, {@code :1}) are kept as written: they are not values. */
  private int bindMarker(int start, int i) {
    while (i < length && isDigit(sql.charAt(i))) {
      i++;
    }
    beforeToken();
    out.append(sql, start, i);
    lastIsOperand = true;
    lastWordStart = -1;
    summarizer.literal();
    return i;
  }

  private int symbol(int i, char c) {
    beforeToken();
    if (c == ')') {
      collapseInList();
    }
    out.append(c);
    lastIsOperand = c == ')' || c == ']' || c == '?';
    lastWordStart = -1;
    summarizer.symbol(c);
    return i + 1;
  }

  /**
   * Called before {@code )} is written: turns a trailing {@code IN (?, ?, ?} into {@code IN (?}.
   * The backward walk stops at the first character that is not {@code ?}, comma or space, so each
   * list is walked once and the whole pass stays linear.
   */
  private void collapseInList() {
    int i = out.length() - 1;
    int marks = 0;
    boolean expectMark = true;
    for (; i >= 0; i--) {
      char c = out.charAt(i);
      if (c == ' ') {
        continue;
      }
      if (c == '?' && expectMark) {
        marks++;
        expectMark = false;
      } else if (c == ',' && !expectMark) {
        expectMark = true;
      } else {
        break;
      }
    }
    if (marks < 2 || expectMark || i < 0 || out.charAt(i) != '(') {
      return;
    }
    int paren = i;
    int wordEnd = paren > 0 && out.charAt(paren - 1) == ' ' ? paren - 1 : paren;
    int wordStart = wordEnd - 2;
    if (wordStart >= 0
        && (out.charAt(wordStart) == 'I' || out.charAt(wordStart) == 'i')
        && (out.charAt(wordStart + 1) == 'N' || out.charAt(wordStart + 1) == 'n')
        && (wordStart == 0 || !isWordPart(out.charAt(wordStart - 1)))) {
      out.setLength(paren + 1);
      out.append('?');
    }
  }

  // ---------------------------------------------------------------- comments and helpers

  private int lineComment(int i) {
    while (i < length && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
      i++;
    }
    pendingSpace = true;
    return i;
  }

  /**
   * Nested like PostgreSQL's. In MySQL, which does not nest, this can only hide more text, never
   * reveal a comment's contents.
   */
  private int blockComment(int i) {
    int depth = 0;
    while (i + 1 < length) {
      char c = sql.charAt(i);
      char next = sql.charAt(i + 1);
      if (c == '/' && next == '*') {
        depth++;
        i += 2;
      } else if (c == '*' && next == '/') {
        i += 2;
        if (--depth == 0) {
          pendingSpace = true;
          return i;
        }
      } else {
        i++;
      }
    }
    unterminated = true;
    pendingSpace = true;
    return length;
  }

  private int emitLiteral(int end) {
    beforeToken();
    out.append('?');
    lastIsOperand = true;
    lastWordStart = -1;
    summarizer.literal();
    return end;
  }

  /** An unterminated literal: everything after its start is treated as part of it. */
  private int literalToEnd(boolean isUnterminated) {
    unterminated |= isUnterminated;
    return emitLiteral(length);
  }

  private void beforeToken() {
    if (pendingSpace && out.length() > 0) {
      out.append(' ');
    }
    pendingSpace = false;
    statementHasTokens = true;
  }

  private void endStatement() {
    if (statementHasTokens) {
      statementCount++;
      statementHasTokens = false;
      summarizer.end();
    }
  }

  /** Length (1 or 2 chars) of the identifier character at {@code i}, or 0 if there is none. */
  private int wordPartLength(int i) {
    char c = sql.charAt(i);
    if (Character.isHighSurrogate(c) && i + 1 < length) {
      return Character.isLetterOrDigit(sql.codePointAt(i)) ? 2 : 0;
    }
    return isWordPart(c) ? 1 : 0;
  }

  static boolean isWordStart(char c) {
    if (c < 128) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@';
    }
    return Character.isLetter(c);
  }

  /** Letters, digits, {@code _}, and {@code $ # @} that Oracle, SQL Server and MySQL allow in names. */
  static boolean isWordPart(char c) {
    if (c < 128) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '$' || c == '#' || c == '@';
    }
    return Character.isLetterOrDigit(c);
  }

  private static boolean isTagPart(char c) {
    return c != '$' && c != '#' && c != '@' && isWordPart(c);
  }

  static boolean isSpace(char c) {
    return c <= ' ' || (c >= 128 && Character.isWhitespace(c)) || c == '\u00a0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isBinaryDigit(char c) {
    return c == '0' || c == '1';
  }
}
