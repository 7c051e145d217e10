package dev.lantern.instrumentation.servlet.common;

import dev.lantern.agent.api.http.HttpServerCall;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One traced request with the objects the outermost filter or servlet received: the response is
 * needed for its status and headers, and may be read on another thread when the request is async.
 */
public final class ServletExchange<REQ, RES> {

  final REQ request;
  final RES response;
  HttpServerCall call;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Throwable asyncError;

  ServletExchange(REQ request, RES response) {
    this.request = request;
    this.response = response;
  }

  public REQ request() {
    return request;
  }

  public RES response() {
    return response;
  }

  /** An error reported by the async context (onError), recorded when the exchange ends. */
  public void asyncError(Throwable error) {
    if (error != null && asyncError == null) {
      asyncError = error;
    }
  }

  Throwable asyncError() {
    return asyncError;
  }

  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }
}
