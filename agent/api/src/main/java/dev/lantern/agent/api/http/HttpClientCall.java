package dev.lantern.agent.api.http;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One traced client request. Its context is current while the instrumented method runs, so a
 * lower-level client underneath (an SDK's HTTP library, a facade's implementation) sees it and does
 * not start a second CLIENT span. The span may end later, on another thread (async clients).
 */
public final class HttpClientCall {

  static final ContextKey<HttpClientCall> KEY = ContextKey.named("lantern-http-client-call");

  final Span span;
  final long startNanos;
  final String method;
  final String serverAddress;
  final String serverPort;
  private final Context context;
  private final TextMapPropagator propagator;
  private Scope scope;
  private final AtomicBoolean ended = new AtomicBoolean();

  HttpClientCall(
      Context parent,
      Span span,
      TextMapPropagator propagator,
      long startNanos,
      String method,
      String serverAddress,
      String serverPort) {
    this.span = span;
    this.propagator = propagator;
    this.startNanos = startNanos;
    this.method = method;
    this.serverAddress = serverAddress;
    this.serverPort = serverPort;
    this.context = parent.with(span).with(KEY, this);
    this.scope = context.makeCurrent();
  }

  static boolean inProgress(Context context) {
    return context.get(KEY) != null;
  }

  public Context context() {
    return context;
  }

  /** Writes traceparent, tracestate, baggage and the correlation header into the request. */
  public <C> void inject(C carrier, TextMapSetter<C> setter) {
    propagator.inject(context, carrier, setter);
  }

  /** Restores the caller's context; call on the thread that started the call, at method exit. */
  public void closeScope() {
    Scope s = scope;
    if (s != null) {
      scope = null;
      s.close();
    }
  }

  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }
}
