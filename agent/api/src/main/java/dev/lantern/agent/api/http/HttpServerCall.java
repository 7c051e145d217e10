package dev.lantern.agent.api.http;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

/**
 * One traced server request, from {@link HttpServerTelemetry#start} to {@link
 * HttpServerTelemetry#end}. Stored in its own context, so nested server instrumentations (a filter
 * chain, a framework on a container) find it and do not start a second server span, and a
 * framework that knows the route template can set it with {@link #updateRoute}.
 */
public final class HttpServerCall {

  static final ContextKey<HttpServerCall> KEY = ContextKey.named("lantern-http-server-call");

  final Span span;
  final long startNanos;
  final String method;
  final String scheme;
  final String initialRoute;
  private final String correlationId;
  private Context context;
  private volatile Scope scope;
  private Thread scopeOwner;
  volatile String route;
  volatile boolean ended;

  HttpServerCall(
      Span span,
      long startNanos,
      String method,
      String scheme,
      String route,
      String correlationId) {
    this.span = span;
    this.startNanos = startNanos;
    this.method = method;
    this.scheme = scheme;
    this.initialRoute = route;
    this.route = route;
    this.correlationId = correlationId;
  }

  /** Makes the call's context (span, baggage, correlation ID, this call) current. */
  HttpServerCall attach(Context parentWithSpan) {
    this.context = parentWithSpan.with(KEY, this);
    this.scopeOwner = Thread.currentThread();
    this.scope = context.makeCurrent();
    return this;
  }

  /**
   * Restores the context that was current before {@link HttpServerTelemetry#start}. Only the thread
   * that started the call can do that; on any other thread (an async request ended by a container
   * callback) this does nothing, since closing a scope elsewhere would corrupt that thread's context.
   * Idempotent.
   */
  public void closeScope() {
    Scope s = scope;
    if (s != null && Thread.currentThread() == scopeOwner) {
      scope = null;
      s.close();
    }
  }

  /** The server call whose span is current, or null. */
  public static HttpServerCall current() {
    return Context.current().get(KEY);
  }

  public static HttpServerCall fromContext(Context context) {
    return context.get(KEY);
  }

  public Context context() {
    return context;
  }

  public Span span() {
    return span;
  }

  public String correlationId() {
    return correlationId;
  }

  public String route() {
    return route;
  }

  /** Whether {@link HttpServerTelemetry#end} has run: span ended, metrics recorded. */
  public boolean isEnded() {
    return ended;
  }

  /** A framework that matched the request to a template sets it here; span name and metric follow. */
  public void updateRoute(String template) {
    if (template != null && !template.isEmpty()) {
      this.route = template;
    }
  }
}
