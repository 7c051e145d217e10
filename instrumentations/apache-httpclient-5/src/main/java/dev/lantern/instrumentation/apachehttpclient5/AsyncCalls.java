package dev.lantern.instrumentation.apachehttpclient5;

import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;

/** What the async advice does: wrap the producer and the callback around one {@link AsyncCall}. */
final class AsyncCalls {

  private AsyncCalls() {}

  /** {producer, callback, call}, or null to leave the arguments alone. */
  static Object[] wrap(HttpHost target, AsyncRequestProducer producer, FutureCallback<?> callback) {
    if (producer == null || producer instanceof TracingRequestProducer) {
      return null;
    }
    AsyncCall call = new AsyncCall(target);
    return new Object[] {
      new TracingRequestProducer(producer, call), TracingFutureCallback.wrap(callback, call), call
    };
  }

  /** A {@code doExecute} that throws may never call the callback. */
  static void exit(Object[] state, Throwable error) {
    if (state != null && error != null) {
      ((AsyncCall) state[2]).end(-1, error);
    }
  }
}
