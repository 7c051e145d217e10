package dev.lantern.instrumentation.apachehttpclient5;

import dev.lantern.agent.api.http.HttpClientCall;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;

/**
 * One async request: the span starts, as a child of the context {@code execute} was called in,
 * when the producer hands the request to the client (the only point where the request is
 * visible), and ends when the future completes, fails or is cancelled.
 */
final class AsyncCall {

  private final Context parent = Context.current();
  private final HttpHost target;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile HttpClientCall call;

  AsyncCall(HttpHost target) {
    this.target = target;
  }

  void requestReady(HttpRequest request) {
    if (request == null || !started.compareAndSet(false, true)) {
      return;
    }
    try (Scope ignored = parent.makeCurrent()) {
      HttpClientCall started = ClassicCalls.TELEMETRY.start(new ApacheRequest(target, request));
      if (started != null) {
        ClassicCalls.inject(started, request);
        started.closeScope(); // the rest of the exchange runs on the I/O reactor's threads
        call = started;
      }
    } catch (Throwable t) {
      // never into the application
    }
  }

  void end(int status, Throwable error) {
    HttpClientCall c = call;
    if (c != null) {
      try {
        ClassicCalls.TELEMETRY.end(c, status, error);
      } catch (Throwable t) {
        // never into the application
      }
    }
  }
}
