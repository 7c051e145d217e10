package dev.lantern.instrumentation.apachehttpclient4;

import dev.lantern.agent.api.http.HttpClientCall;
import dev.lantern.agent.api.http.HttpClientTelemetry;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.StatusLine;

/**
 * Starts the span and sets the propagation headers on the application's request object (the
 * client sends that object, and {@code RedirectExec} copies its headers onto redirects); ends it
 * when {@code doExecute} returns the response or throws.
 */
final class ClassicCalls {

  private static final HttpClientTelemetry<ApacheRequest> TELEMETRY =
      HttpClientTelemetry.create("apache-httpclient-4", ApacheRequestAdapter.INSTANCE);

  private ClassicCalls() {}

  static HttpClientCall start(HttpHost target, HttpRequest request) {
    if (request == null) {
      return null;
    }
    HttpClientCall call = TELEMETRY.start(new ApacheRequest(target, request));
    if (call != null) {
      try {
        call.inject(request, (r, name, value) -> r.setHeader(name, value));
      } catch (RuntimeException e) {
        // sent as the application built it, still traced on this side
      }
    }
    return call;
  }

  static void end(Object state, HttpResponse response, Throwable error) {
    if (!(state instanceof HttpClientCall)) {
      return;
    }
    HttpClientCall call = (HttpClientCall) state;
    call.closeScope();
    StatusLine status = response == null ? null : response.getStatusLine();
    TELEMETRY.end(call, status == null ? -1 : status.getStatusCode(), error);
  }
}
