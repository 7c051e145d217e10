package dev.lantern.instrumentation.javahttpclient;

import dev.lantern.agent.api.PropagationHeaders;
import dev.lantern.agent.api.http.HttpClientCall;
import dev.lantern.agent.api.http.HttpClientTelemetry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * What the advice does: start the CLIENT span and send a copy of the request with the
 * propagation headers; end the span when the response (or failure) arrives, which for {@code
 * sendAsync} is when the future completes, on whatever thread that is.
 */
final class ClientCalls {

  private static final HttpClientTelemetry<HttpRequest> TELEMETRY =
      HttpClientTelemetry.create("java-http-client", HttpRequestAdapter.INSTANCE);

  private ClientCalls() {}

  /** Null when this call is not traced; else {request to send, call}. */
  static Object[] start(HttpRequest request) {
    if (request == null) {
      return null;
    }
    HttpClientCall call = TELEMETRY.start(request);
    if (call == null) {
      return null;
    }
    HttpRequest toSend = request;
    try {
      PropagationHeaders headers = new PropagationHeaders();
      call.inject(headers, PropagationHeaders.SETTER);
      toSend = RequestHeaders.withHeaders(request, headers);
    } catch (Throwable t) {
      // the request goes out as the application built it, still traced on this side; the
      // call must be returned whatever happens, or its scope would never be closed
    }
    return new Object[] {toSend, call};
  }

  static void endSend(Object[] state, HttpResponse<?> response, Throwable error) {
    if (state == null) {
      return;
    }
    HttpClientCall call = (HttpClientCall) state[1];
    call.closeScope();
    TELEMETRY.end(call, response == null ? -1 : response.statusCode(), error);
  }

  static void endSendAsync(
      Object[] state, CompletableFuture<? extends HttpResponse<?>> future, Throwable error) {
    if (state == null) {
      return;
    }
    HttpClientCall call = (HttpClientCall) state[1];
    call.closeScope();
    if (future == null || error != null) {
      TELEMETRY.end(call, -1, error);
      return;
    }
    // observe the future without changing what the application gets back
    future.whenComplete(
        (response, failure) ->
            TELEMETRY.end(call, response == null ? -1 : response.statusCode(), failure));
  }
}
