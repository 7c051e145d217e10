package dev.lantern.agent.api.db;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

/**
 * One traced database call. Its context is current while the instrumented method runs, so the
 * layers underneath (a pool's proxy calling the driver, a driver's {@code executeQuery} calling
 * its own {@code execute}, an ORM's statement wrapper) see it and start no second span. The key
 * lives in the agent API, so the layers need not share an application class loader.
 */
public final class DbClientCall {

  static final ContextKey<DbClientCall> KEY = ContextKey.named("lantern-db-client-call");

  /** Null while a call outside any trace has not yet earned a span (see {@link #deferred}). */
  final Span span;
  final long startNanos;
  final String systemName;
  final String operationName;
  final String collectionLabel;
  String dependency;
  /** For a call outside any trace: the span to build if it turns out slow enough. */
  DbSpanRequest deferred;
  private Scope scope;
  private boolean ended;

  DbClientCall(
      Context parent,
      Span span,
      long startNanos,
      String systemName,
      String operationName,
      String collectionLabel) {
    this.span = span;
    this.startNanos = startNanos;
    this.systemName = systemName;
    this.operationName = operationName;
    this.collectionLabel = collectionLabel;
    this.scope = (span == null ? parent : parent.with(span)).with(KEY, this).makeCurrent();
  }

  /** Whether a database call is in progress in that context. */
  public static boolean inProgress(Context context) {
    return context.get(KEY) != null;
  }

  /** The call's span; invalid (records nothing) for a call outside any trace until it ends. */
  public Span span() {
    return span == null ? Span.getInvalid() : span;
  }

  /** Restores the caller's context; on the thread that started the call. */
  void closeScope() {
    Scope s = scope;
    if (s != null) {
      scope = null;
      s.close();
    }
  }

  boolean markEnded() {
    if (ended) {
      return false;
    }
    ended = true;
    return true;
  }
}
