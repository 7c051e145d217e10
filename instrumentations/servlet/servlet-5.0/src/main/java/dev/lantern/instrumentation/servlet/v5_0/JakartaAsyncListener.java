package dev.lantern.instrumentation.servlet.v5_0;

import dev.lantern.instrumentation.servlet.common.ServletExchange;
import dev.lantern.instrumentation.servlet.common.ServletServerTracing;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Ends an async request's span when the container completes it. */
final class JakartaAsyncListener implements AsyncListener {

  private final ServletExchange<HttpServletRequest, HttpServletResponse> exchange;
  private final ServletServerTracing<HttpServletRequest, HttpServletResponse> tracing;

  JakartaAsyncListener(
      ServletExchange<HttpServletRequest, HttpServletResponse> exchange,
      ServletServerTracing<HttpServletRequest, HttpServletResponse> tracing) {
    this.exchange = exchange;
    this.tracing = tracing;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    tracing.end(exchange, null);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    // the container answers with an error next and then completes
  }

  @Override
  public void onError(AsyncEvent event) {
    exchange.asyncError(event.getThrowable());
  }

  /** A new async cycle (startAsync in an async dispatch) drops its listeners unless they re-register. */
  @Override
  public void onStartAsync(AsyncEvent event) {
    if (event.getAsyncContext() != null) {
      event.getAsyncContext().addListener(this);
    }
  }
}
