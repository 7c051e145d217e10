package dev.lantern.instrumentation.servlet.common;

import dev.lantern.agent.api.http.HttpServerCall;
import dev.lantern.agent.api.http.HttpServerTelemetry;
import io.opentelemetry.context.Scope;

/**
 * The request lifecycle behind the advice on {@code Filter.doFilter} and {@code Servlet.service},
 * for either servlet API.
 *
 * <ul>
 *   <li>The outermost filter or servlet of a request starts the SERVER span; every filter, servlet,
 *       forward and include inside it finds the call in the current context and does nothing.
 *   <li>The call is also kept in a request attribute, so a later dispatch of the same request (an
 *       async dispatch on another thread, the container's error-page dispatch) runs in its context
 *       instead of starting a second span.
 *   <li>The span ends when the outermost call returns, or, when the request went async, when the
 *       container completes it (an {@code AsyncListener}). The status is read then, after filters and
 *       error handling set it; an exception the container turns into a 500 is recorded as one.
 * </ul>
 */
public final class ServletServerTracing<REQ, RES> {

  /** The request attribute that holds the {@link HttpServerCall} (shared by every class loader). */
  public static final String CALL_ATTRIBUTE = "dev.lantern.servlet.call";

  private final ServletAccessor<REQ, RES> accessor;
  private final HttpServerTelemetry<ServletExchange<REQ, RES>> telemetry;

  public ServletServerTracing(String moduleName, ServletAccessor<REQ, RES> accessor) {
    this.accessor = accessor;
    this.telemetry = HttpServerTelemetry.create(moduleName, new ServletExchangeAdapter<>(accessor));
  }

  /**
   * At entry of a filter or servlet: the state for {@link #exit}, or null when nothing is to be
   * done (a nested call, an agent thread).
   */
  public Object enter(REQ request, RES response) {
    if (HttpServerCall.current() != null) {
      return null;
    }
    if (!accessor.isInitialDispatch(request)) {
      Object existing = accessor.getAttribute(request, CALL_ATTRIBUTE);
      if (existing instanceof HttpServerCall) {
        return ((HttpServerCall) existing).context().makeCurrent();
      }
    }
    ServletExchange<REQ, RES> exchange = new ServletExchange<>(request, response);
    HttpServerCall call = telemetry.start(exchange);
    if (call == null) {
      return null;
    }
    exchange.call = call;
    try {
      accessor.setAttribute(request, CALL_ATTRIBUTE, call);
    } catch (RuntimeException e) {
      // a request that refuses attributes is still traced; later dispatches just start afresh
    }
    return exchange;
  }

  /** At exit of the filter or servlet whose {@link #enter} returned {@code state}. */
  @SuppressWarnings("unchecked")
  public void exit(Object state, Throwable error) {
    if (state instanceof Scope) {
      ((Scope) state).close();
      return;
    }
    if (!(state instanceof ServletExchange)) {
      return;
    }
    ServletExchange<REQ, RES> exchange = (ServletExchange<REQ, RES>) state;
    exchange.call.closeScope();
    if (error == null && isAsyncStarted(exchange) && addAsyncListener(exchange)) {
      return;
    }
    end(exchange, error);
  }

  /** Ends the exchange once: span, status, error and metrics. Called on any thread. */
  public void end(ServletExchange<REQ, RES> exchange, Throwable error) {
    if (!exchange.markEnded()) {
      return;
    }
    Throwable cause = error != null ? error : exchange.asyncError();
    if (cause != null) {
      cause = accessor.unwrap(cause);
    }
    int status = -1;
    long responseSize = -1;
    long requestSize = -1;
    try {
      RES response = exchange.response;
      status = accessor.status(response);
      if (cause != null && status < 400 && !accessor.isCommitted(response)) {
        status = 500; // what the container will answer for an exception that escaped
      }
      responseSize = ServletRoutes.contentLength(accessor.responseHeader(response, "Content-Length"));
      requestSize = accessor.requestBodySize(exchange.request);
    } finally {
      telemetry.end(exchange.call, status, cause, requestSize, responseSize);
    }
  }

  private boolean isAsyncStarted(ServletExchange<REQ, RES> exchange) {
    try {
      return accessor.isAsyncStarted(exchange.request);
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private boolean addAsyncListener(ServletExchange<REQ, RES> exchange) {
    try {
      return accessor.addAsyncListener(exchange, this);
    } catch (RuntimeException | LinkageError e) {
      return false; // e.g. already completed: end now rather than never
    }
  }
}
