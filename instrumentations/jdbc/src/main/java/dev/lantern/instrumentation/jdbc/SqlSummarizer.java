package dev.lantern.instrumentation.jdbc;

/**
 * Finds the operation and the main table (or procedure) of the first statement from the tokens
 * {@link SqlScanner} feeds it. Literals never reach it as text, so it cannot leak them. It is a
 * small state machine, not a parser: it recognises the common statement shapes and otherwise leaves
 * the collection unknown.
 */
final class SqlSummarizer {

  /** Operations reported as such; any other first word means the operation is unknown. */
  private static final String[] OPERATIONS = {
    "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "CALL", "EXEC",
    "EXECUTE", "CREATE", "DROP", "ALTER", "TRUNCATE", "WITH", "EXPLAIN", "BEGIN", "START",
    "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END", "SET", "SHOW", "USE", "GRANT", "REVOKE",
    "VALUES", "DESCRIBE", "DESC", "ANALYZE", "VACUUM", "LOCK", "UNLOCK", "COPY", "DECLARE",
    "PREPARE", "DEALLOCATE", "FETCH", "CLOSE", "REFRESH", "COMMENT", "PRAGMA", "REINDEX", "ATTACH",
    "DETACH", "LOAD", "RENAME", "LISTEN", "NOTIFY", "CHECKPOINT", "CLUSTER", "OPTIMIZE", "RESET",
    "DISCARD", "DO", "KILL", "FLUSH"
  };

  /** Statements a {@code WITH} clause can introduce. */
  private static final String[] MAIN_STATEMENTS = {
    "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT"
  };

  private static final String[] NONE = {};
  private static final String[] INSERT_MODIFIERS = {
    "INTO", "IGNORE", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "OR", "REPLACE", "ABORT",
    "FAIL", "ROLLBACK", "ALL", "FIRST", "OVERWRITE", "TABLE", "TOP", "PERCENT"
  };
  private static final String[] REPLACE_MODIFIERS = {"INTO", "LOW_PRIORITY", "DELAYED"};
  private static final String[] UPDATE_MODIFIERS = {
    "LOW_PRIORITY", "IGNORE", "ONLY", "OR", "REPLACE", "ABORT", "FAIL", "ROLLBACK", "TOP",
    "PERCENT"
  };
  private static final String[] DELETE_MODIFIERS = {
    "FROM", "LOW_PRIORITY", "QUICK", "IGNORE", "ONLY", "TOP", "PERCENT"
  };
  private static final String[] MERGE_MODIFIERS = {"INTO"};
  private static final String[] TRUNCATE_MODIFIERS = {"TABLE", "ONLY"};
  private static final String[] FROM_MODIFIERS = {"ONLY"};
  private static final String[] TABLE_PREFIX = {
    "OR", "REPLACE", "TEMP", "TEMPORARY", "GLOBAL", "LOCAL", "UNLOGGED", "VIRTUAL", "EXTERNAL"
  };
  private static final String[] TABLE_MODIFIERS = {"IF", "NOT", "EXISTS", "ONLY"};

  /** Summary targets longer than this are cut so that the summary stays a bounded label. */
  static final int MAX_SUMMARY_TARGET = 64;
  /** Longer names are not plausible tables; they are reported as unknown rather than kept. */
  private static final int MAX_NAME = 256;

  private enum State {
    OPERATION, // waiting for the first word, skipping JDBC escape "{? ="
    MAIN_STATEMENT, // after WITH: waiting for the statement the CTEs belong to
    FROM, // in a SELECT: waiting for FROM at the statement's own depth
    TABLE_KEYWORD, // after CREATE/DROP/ALTER: waiting for TABLE
    NAME_START, // skipping modifiers before a name
    SKIP_GROUP, // skipping SQL Server's "TOP (n)" before a name
    NAME_PART, // after "schema." : waiting for the next part
    NAME_END, // after a name part: a dot continues it, anything else ends it
    DONE
  }

  private final String sql;
  private State state = State.OPERATION;
  private int depth;
  private int statementDepth;
  private String operation;
  private String[] modifiers = NONE;
  private boolean procedure;
  private boolean callNeedsArguments;
  private int groupDepth;
  private boolean tableFunctionMeansUnknown;
  private StringBuilder name;
  private String collection;
  private String storedProcedure;

  SqlSummarizer(String sql) {
    this.sql = sql;
  }

  String operation() {
    return operation;
  }

  String collection() {
    return collection;
  }

  String storedProcedure() {
    return storedProcedure;
  }

  void word(int start, int end) {
    switch (state) {
      case OPERATION:
        operation = find(OPERATIONS, start, end);
        statementDepth = depth;
        startOperation();
        break;
      case MAIN_STATEMENT:
        if (depth == statementDepth) {
          String main = find(MAIN_STATEMENTS, start, end);
          if (main != null) {
            operation = main;
            startOperation();
          }
        }
        break;
      case FROM:
        if (depth == statementDepth && isKeyword(sql, start, end, "FROM")) {
          expectName(FROM_MODIFIERS);
          tableFunctionMeansUnknown = true;
        }
        break;
      case TABLE_KEYWORD:
        if (isKeyword(sql, start, end, "TABLE")) {
          expectName(TABLE_MODIFIERS);
        } else if (find(TABLE_PREFIX, start, end) == null) {
          state = State.DONE; // CREATE INDEX, DROP VIEW, ...: no collection
        }
        break;
      case NAME_START:
        if (isKeyword(sql, start, end, "TOP") && find(modifiers, start, end) != null) {
          state = State.SKIP_GROUP;
          groupDepth = depth;
          break;
        }
        if (find(modifiers, start, end) != null || (procedure && sql.charAt(start) == '@')) {
          break; // EXEC @status = proc: skip the status variable
        }
        appendNamePart(start, end, false);
        break;
      case NAME_PART:
        appendNamePart(start, end, false);
        break;
      case NAME_END:
        endName(' ');
        break;
      default:
        break;
    }
  }

  void quotedIdentifier(int start, int end) {
    switch (state) {
      case OPERATION:
        state = State.DONE;
        break;
      case NAME_START:
      case NAME_PART:
        appendNamePart(start, end, true);
        break;
      case NAME_END:
        endName(' ');
        break;
      default:
        break;
    }
  }

  /** A literal or bind marker: never part of a name. */
  void literal() {
    switch (state) {
      case OPERATION:
      case NAME_START:
      case NAME_PART:
        state = State.DONE;
        break;
      case NAME_END:
        endName(' ');
        break;
      default:
        break;
    }
  }

  void symbol(char c) {
    if (state == State.DONE) {
      return;
    }
    if (c == '(') {
      depth++;
    } else if (c == ')') {
      depth--;
    }
    switch (state) {
      case OPERATION:
        // "{call p}", "{? = call f}", "(SELECT ...) UNION ...", ";;": the operation comes later.
        if (c != '{' && c != '?' && c != '=' && c != '(' && c != ';') {
          state = State.DONE;
        }
        break;
      case NAME_START:
        if (!(procedure && c == '=')) {
          state = State.DONE; // FROM (subquery), or no name at all
        }
        break;
      case NAME_PART:
        state = State.DONE;
        break;
      case NAME_END:
        if (c == '.') {
          state = State.NAME_PART;
        } else {
          endName(c);
        }
        break;
      case SKIP_GROUP:
        if (c == ')' && depth == groupDepth) {
          state = State.NAME_START;
        }
        break;
      default:
        break;
    }
  }

  /** End of the first statement, or of the input. */
  void end() {
    if (state == State.NAME_END) {
      endName(';');
    }
    state = State.DONE;
  }

  private void startOperation() {
    if (operation == null) {
      state = State.DONE;
      return;
    }
    switch (operation) {
      case "SELECT":
        state = State.FROM;
        break;
      case "INSERT":
        expectName(INSERT_MODIFIERS);
        break;
      case "UPSERT":
      case "REPLACE":
        expectName(REPLACE_MODIFIERS);
        break;
      case "UPDATE":
        expectName(UPDATE_MODIFIERS);
        break;
      case "DELETE":
        expectName(DELETE_MODIFIERS);
        break;
      case "MERGE":
        expectName(MERGE_MODIFIERS);
        break;
      case "TRUNCATE":
        expectName(TRUNCATE_MODIFIERS);
        break;
      case "CREATE":
      case "DROP":
      case "ALTER":
        state = State.TABLE_KEYWORD;
        break;
      case "CALL":
      case "EXEC":
      case "EXECUTE":
        // CALL proc(...), {call proc}; H2's "CALL NEXT VALUE FOR s" evaluates an expression.
        callNeedsArguments = operation.equals("CALL");
        expectName(NONE);
        procedure = true;
        break;
      case "WITH":
        state = State.MAIN_STATEMENT;
        break;
      default:
        state = State.DONE;
        break;
    }
  }

  private void expectName(String[] allowedModifiers) {
    modifiers = allowedModifiers;
    state = State.NAME_START;
  }

  private void appendNamePart(int start, int end, boolean quoted) {
    if (end - start > MAX_NAME + 2) {
      state = State.DONE;
      return;
    }
    if (name == null) {
      name = new StringBuilder(Math.min(end - start + 16, MAX_NAME + 2));
    } else {
      name.append('.');
    }
    if (quoted) {
      // Strip the quotes and undo doubled closing quotes: "a""b" is a"b.
      char close = sql.charAt(end - 1);
      for (int i = start + 1; i < end - 1; i++) {
        char c = sql.charAt(i);
        name.append(c);
        if (c == close && i + 1 < end - 1 && sql.charAt(i + 1) == close) {
          i++;
        }
      }
    } else {
      name.append(sql, start, end);
    }
    state = name.length() > MAX_NAME ? State.DONE : State.NAME_END;
  }

  /** {@code next} is the symbol after the name, {@code ;} at the end, a space for anything else. */
  private void endName(char next) {
    state = State.DONE;
    if (name == null || name.length() == 0) {
      return;
    }
    if (next == '(' && tableFunctionMeansUnknown) {
      return; // FROM generate_series(...): a function, not a table
    }
    if (callNeedsArguments && next != '(' && next != '}' && next != ';') {
      return;
    }
    if (procedure) {
      storedProcedure = name.toString();
    } else {
      collection = name.toString();
    }
  }

  /** The operation constant equal to {@code sql[start, end)}, ignoring case; null if none. */
  static String operationNamed(String sql, int start, int end) {
    return find(sql, OPERATIONS, start, end);
  }

  private String find(String[] candidates, int start, int end) {
    return find(sql, candidates, start, end);
  }

  /** The constant among {@code candidates} equal to the word, ignoring case; null if none. */
  private static String find(String sql, String[] candidates, int start, int end) {
    for (String candidate : candidates) {
      if (isKeyword(sql, start, end, candidate)) {
        return candidate;
      }
    }
    return null;
  }

  static boolean isKeyword(String sql, int start, int end, String keyword) {
    return end - start == keyword.length() && sql.regionMatches(true, start, keyword, 0, end - start);
  }

  /**
   * {@code db.query.summary}: the operation, then the target cleaned of characters that do not
   * belong in a label and cut to {@value #MAX_SUMMARY_TARGET} code points.
   */
  static String summary(String operation, String target) {
    if (operation == null) {
      return null;
    }
    if (target == null) {
      return operation;
    }
    StringBuilder summary = new StringBuilder(operation.length() + 1 + Math.min(target.length(), MAX_SUMMARY_TARGET));
    summary.append(operation).append(' ');
    int kept = 0;
    for (int i = 0; i < target.length() && kept < MAX_SUMMARY_TARGET; ) {
      int codePoint = target.codePointAt(i);
      i += Character.charCount(codePoint);
      if (Character.isLetterOrDigit(codePoint) || "_.$#@-".indexOf(codePoint) >= 0) {
        summary.appendCodePoint(codePoint);
        kept++;
      }
    }
    return kept == 0 ? operation : summary.toString();
  }
}
