package dev.lantern.instrumentation.apachehttpclient5;

import java.util.concurrent.CancellationException;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;

/**
 * Ends the {@link AsyncCall} when the request's future completes, then tells the application's
 * callback (if it passed one). The status is read from the result when it is a response ({@code
 * SimpleHttpResponse}) or a message with a response head ({@code BasicResponseConsumer}).
 */
final class TracingFutureCallback<T> implements FutureCallback<T> {

  private final FutureCallback<T> delegate;
  private final AsyncCall call;

  private TracingFutureCallback(FutureCallback<T> delegate, AsyncCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static FutureCallback<?> wrap(FutureCallback<?> delegate, AsyncCall call) {
    return new TracingFutureCallback(delegate, call);
  }

  @Override
  public void completed(T result) {
    call.end(statusOf(result), null);
    if (delegate != null) {
      delegate.completed(result);
    }
  }

  @Override
  public void failed(Exception cause) {
    call.end(-1, cause);
    if (delegate != null) {
      delegate.failed(cause);
    }
  }

  @Override
  public void cancelled() {
    call.end(-1, new CancellationException("cancelled"));
    if (delegate != null) {
      delegate.cancelled();
    }
  }

  static int statusOf(Object result) {
    if (result instanceof Message) {
      result = ((Message<?, ?>) result).getHead();
    }
    return result instanceof HttpResponse ? ((HttpResponse) result).getCode() : -1;
  }
}
