package dev.lantern.agent.api.http;

import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.LanternThread;
import dev.lantern.agent.api.health.DependencyHealth;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * CLIENT spans and {@code http_client_request_duration_seconds} for one HTTP client library. The
 * span is named by the method (the semantic conventions' choice when no URL template is known) and
 * carries the redacted URL.
 */
public final class HttpClientTelemetry<REQ> {

  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final HttpClientRequestAdapter<REQ> adapter;
  private final HttpClientMetrics metrics;

  private HttpClientTelemetry(String moduleName, HttpClientRequestAdapter<REQ> adapter) {
    this.tracer = AgentRuntime.tracer(moduleName);
    this.propagator = AgentRuntime.propagator();
    this.adapter = adapter;
    this.metrics = HttpClientMetrics.get();
  }

  public static <REQ> HttpClientTelemetry<REQ> create(
      String moduleName, HttpClientRequestAdapter<REQ> adapter) {
    return new HttpClientTelemetry<>(moduleName, adapter);
  }

  /**
   * Starts a CLIENT span as a child of the current context and makes it current; null when a
   * client call is already in progress on this thread (a client built on another client) or on an
   * agent thread (the agent's own export calls are never traced).
   */
  public HttpClientCall start(REQ request) {
    Context parent = Context.current();
    if (HttpClientCall.inProgress(parent) || LanternThread.isCurrent()) {
      return null;
    }
    long startNanos = System.nanoTime();
    String rawMethod = adapter.method(request);
    String method = HttpMethods.normalize(rawMethod);
    String address = adapter.serverAddress(request);
    int port = adapter.serverPort(request);
    io.opentelemetry.api.trace.SpanBuilder builder =
        tracer
            .spanBuilder(method == HttpMethods.OTHER ? "HTTP" : method)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            .setAttribute(HttpServerTelemetry.METHOD, method)
            .setAttribute(
                URL_FULL,
                HttpServerTelemetry.truncate(
                    UrlRedaction.redactUrl(adapter.url(request)), HttpServerTelemetry.MAX_URL_LENGTH));
    if (method == HttpMethods.OTHER && rawMethod != null) {
      builder.setAttribute(
          HttpServerTelemetry.METHOD_ORIGINAL, HttpServerTelemetry.truncate(rawMethod, 64));
    }
    if (address != null) {
      builder.setAttribute(HttpServerTelemetry.SERVER_ADDRESS, address);
    }
    if (port > 0) {
      builder.setAttribute(HttpServerTelemetry.SERVER_PORT, (long) port);
    }
    Span span = builder.startSpan();
    return new HttpClientCall(
        parent, span, propagator, startNanos, method, address, NumberLabels.port(port));
  }

  /**
   * Ends the span once (later calls are ignored) and records the duration metric. A status below
   * 100 means no response arrived.
   */
  public void end(HttpClientCall call, int status, Throwable error) {
    if (call == null || !call.markEnded()) {
      return;
    }
    Span span = call.span;
    String errorType = null;
    if (status >= 100) {
      span.setAttribute(HttpServerTelemetry.STATUS, (long) status);
    }
    Throwable cause = unwrap(error);
    if (cause != null) {
      errorType = cause.getClass().getName();
      span.recordException(cause);
      span.setStatus(
          StatusCode.ERROR, HttpServerTelemetry.truncate(String.valueOf(cause.getMessage()), 256));
    } else if (status >= 400) {
      errorType = NumberLabels.status(status);
      span.setStatus(StatusCode.ERROR);
    }
    if (errorType != null) {
      span.setAttribute(HttpServerTelemetry.ERROR_TYPE, errorType);
    }
    span.end();
    long nanos = System.nanoTime() - call.startNanos;
    metrics
        .duration
        .get(call.method, NumberLabels.status(status), call.serverAddress, call.serverPort, errorType)
        .observe(nanos / 1e9);
    // a 4xx is the caller's problem, not the dependency's
    DependencyHealth.record(
        "http", call.serverAddress, call.serverPort, nanos, cause != null || status >= 500);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
