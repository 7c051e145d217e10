package dev.lantern.instrumentation.apachehttpclient5;

import dev.lantern.agent.api.http.HttpClientCall;
import dev.lantern.agent.api.http.HttpClientTelemetry;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Starts the span and sets the propagation headers on the application's request object (the
 * client sends that object); ends the span when {@code doExecute} returns the response or throws.
 */
final class ClassicCalls {

  static final HttpClientTelemetry<ApacheRequest> TELEMETRY =
      HttpClientTelemetry.create("apache-httpclient-5", ApacheRequestAdapter.INSTANCE);

  private ClassicCalls() {}

  static HttpClientCall start(HttpHost target, HttpRequest request) {
    if (request == null) {
      return null;
    }
    HttpClientCall call = TELEMETRY.start(new ApacheRequest(target, request));
    if (call != null) {
      inject(call, request);
    }
    return call;
  }

  static void inject(HttpClientCall call, HttpRequest request) {
    try {
      call.inject(request, (r, name, value) -> r.setHeader(name, value));
    } catch (RuntimeException e) {
      // sent as the application built it, still traced on this side
    }
  }

  static void end(Object state, HttpResponse response, Throwable error) {
    if (!(state instanceof HttpClientCall)) {
      return;
    }
    HttpClientCall call = (HttpClientCall) state;
    call.closeScope();
    TELEMETRY.end(call, response == null ? -1 : response.getCode(), error);
  }
}
