package dev.lantern.agent.api.db;

import static dev.lantern.agent.api.db.DbClientTelemetry.BATCH_SIZE;
import static dev.lantern.agent.api.db.DbClientTelemetry.COLLECTION;
import static dev.lantern.agent.api.db.DbClientTelemetry.NAMESPACE;
import static dev.lantern.agent.api.db.DbClientTelemetry.NOT_A_BATCH;
import static dev.lantern.agent.api.db.DbClientTelemetry.OPERATION;
import static dev.lantern.agent.api.db.DbClientTelemetry.PROCEDURE;
import static dev.lantern.agent.api.db.DbClientTelemetry.QUERY_TEXT;
import static dev.lantern.agent.api.db.DbClientTelemetry.SERVER_ADDRESS;
import static dev.lantern.agent.api.db.DbClientTelemetry.SERVER_PORT;
import static dev.lantern.agent.api.db.DbClientTelemetry.SUMMARY;
import static dev.lantern.agent.api.db.DbClientTelemetry.SYSTEM_NAME;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * What a database call's CLIENT span is made of. Kept, for a call outside any trace, until the call
 * ends and its duration says whether it becomes a span at all.
 */
final class DbSpanRequest {

  private final Context parent;
  private final DbConnectionInfo connection;
  private final DbQuery query;
  private final String name;
  private final String operation;
  private final String summary;
  private final long batchSize;

  DbSpanRequest(
      Context parent,
      DbConnectionInfo connection,
      DbQuery query,
      String name,
      String operation,
      String summary,
      long batchSize) {
    this.parent = parent;
    this.connection = connection;
    this.query = query;
    this.name = name;
    this.operation = operation;
    this.summary = summary;
    this.batchSize = batchSize;
  }

  SpanBuilder builder(Tracer tracer) {
    return builder(tracer, parent, connection, query, name, operation, summary, batchSize);
  }

  /** The span's name, kind, parent and attributes; the caller sets its start time and starts it. */
  static SpanBuilder builder(
      Tracer tracer,
      Context parent,
      DbConnectionInfo connection,
      DbQuery query,
      String name,
      String operation,
      String summary,
      long batchSize) {
    SpanBuilder builder =
        tracer
            .spanBuilder(name)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            .setAttribute(SYSTEM_NAME, connection.systemName());
    setIfPresent(builder, NAMESPACE, connection.namespace());
    setIfPresent(builder, SERVER_ADDRESS, connection.serverAddress());
    if (connection.serverPort() > 0) {
      builder.setAttribute(SERVER_PORT, (long) connection.serverPort());
    }
    setIfPresent(builder, OPERATION, operation);
    setIfPresent(builder, COLLECTION, query.collectionName());
    setIfPresent(builder, PROCEDURE, query.storedProcedureName());
    setIfPresent(builder, SUMMARY, summary);
    setIfPresent(builder, QUERY_TEXT, query.queryText());
    if (batchSize != NOT_A_BATCH && batchSize != 1) {
      builder.setAttribute(BATCH_SIZE, Math.max(0, batchSize));
    }
    return builder;
  }

  private static void setIfPresent(SpanBuilder builder, AttributeKey<String> key, String value) {
    if (value != null) {
      builder.setAttribute(key, value);
    }
  }
}
