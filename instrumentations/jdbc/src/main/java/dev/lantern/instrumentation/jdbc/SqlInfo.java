package dev.lantern.instrumentation.jdbc;

import java.util.Objects;

/**
 * What {@link SqlSanitizer} learned about one SQL string. Immutable; every field may be null
 * except {@link #statementCount()}.
 */
public final class SqlInfo {

  static final SqlInfo NULL_INPUT = new SqlInfo(null, null, null, null, 0);

  private final String queryText;
  private final String operationName;
  private final String collectionName;
  private final String storedProcedureName;
  private final String summary;
  private final int statementCount;

  SqlInfo(
      String queryText,
      String operationName,
      String collectionName,
      String storedProcedureName,
      int statementCount) {
    this.queryText = queryText;
    this.operationName = operationName;
    this.collectionName = collectionName;
    this.storedProcedureName = storedProcedureName;
    this.summary =
        SqlSummarizer.summary(
            operationName, collectionName != null ? collectionName : storedProcedureName);
    this.statementCount = statementCount;
  }

  /**
   * The statement with literals replaced by {@code ?} and comments removed ({@code db.query.text});
   * null when the input was null or could not be sanitized.
   */
  public String queryText() {
    return queryText;
  }

  /** Upper-case operation of the first statement, such as {@code SELECT} ({@code db.operation.name}). */
  public String operationName() {
    return operationName;
  }

  /** Main table of the first statement as written, without identifier quotes ({@code db.collection.name}). */
  public String collectionName() {
    return collectionName;
  }

  /** Procedure named by {@code CALL}/{@code EXEC} ({@code db.stored_procedure.name}). */
  public String storedProcedureName() {
    return storedProcedureName;
  }

  /**
   * Low-cardinality {@code "<operation> <target>"} such as {@code "SELECT owners"}, or just the
   * operation ({@code db.query.summary}); null when the operation is unknown.
   */
  public String summary() {
    return summary;
  }

  /** Number of non-empty statements separated by {@code ;}; the other fields describe the first. */
  public int statementCount() {
    return statementCount;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SqlInfo)) {
      return false;
    }
    SqlInfo other = (SqlInfo) o;
    return statementCount == other.statementCount
        && Objects.equals(queryText, other.queryText)
        && Objects.equals(operationName, other.operationName)
        && Objects.equals(collectionName, other.collectionName)
        && Objects.equals(storedProcedureName, other.storedProcedureName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        queryText, operationName, collectionName, storedProcedureName, statementCount);
  }

  @Override
  public String toString() {
    return "SqlInfo{queryText="
        + queryText
        + ", operationName="
        + operationName
        + ", collectionName="
        + collectionName
        + ", storedProcedureName="
        + storedProcedureName
        + ", summary="
        + summary
        + ", statementCount="
        + statementCount
        + '}';
  }
}
