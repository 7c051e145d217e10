package dev.lantern.agent.api.db;

/**
 * What a database call does, already free of literal values: {@code db.operation.name}, {@code
 * db.collection.name}, {@code db.stored_procedure.name}, {@code db.query.summary} and {@code
 * db.query.text}. Immutable, every field may be null; instrumentations compute it once per
 * statement (a prepared statement's SQL, say) and reuse it.
 */
public final class DbQuery {

  public static final DbQuery UNKNOWN = new DbQuery(null, null, null, null, null);

  private final String operationName;
  private final String collectionName;
  private final String storedProcedureName;
  private final String summary;
  private final String queryText;

  private DbQuery(
      String operationName,
      String collectionName,
      String storedProcedureName,
      String summary,
      String queryText) {
    this.operationName = operationName;
    this.collectionName = collectionName;
    this.storedProcedureName = storedProcedureName;
    this.summary = summary;
    this.queryText = queryText;
  }

  /**
   * The caller guarantees that the operation name and summary are low-cardinality and that the
   * query text holds no literal values.
   */
  public static DbQuery of(
      String operationName,
      String collectionName,
      String storedProcedureName,
      String summary,
      String queryText) {
    return new DbQuery(operationName, collectionName, storedProcedureName, summary, queryText);
  }

  public String operationName() {
    return operationName;
  }

  public String collectionName() {
    return collectionName;
  }

  public String storedProcedureName() {
    return storedProcedureName;
  }

  public String summary() {
    return summary;
  }

  public String queryText() {
    return queryText;
  }

  @Override
  public String toString() {
    return "DbQuery{" + summary + ", " + queryText + "}";
  }
}
