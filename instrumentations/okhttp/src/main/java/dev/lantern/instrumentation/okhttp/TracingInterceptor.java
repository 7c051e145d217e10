package dev.lantern.instrumentation.okhttp;

import dev.lantern.agent.api.http.HttpClientCall;
import dev.lantern.agent.api.http.HttpClientTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The first application interceptor of every client: one CLIENT span per call, around the rest of
 * the chain, so OkHttp's own retries, redirects and follow-ups (and the application's further
 * interceptors) are inside it and the span records the final status. The propagation headers go
 * on the request the chain sends; OkHttp carries them onto redirected requests.
 */
final class TracingInterceptor implements Interceptor {

  static final TracingInterceptor INSTANCE = new TracingInterceptor();

  private static final HttpClientTelemetry<Request> TELEMETRY =
      HttpClientTelemetry.create("okhttp", OkHttpRequestAdapter.INSTANCE);

  private TracingInterceptor() {}

  static void addTo(OkHttpClient.Builder builder) {
    List<Interceptor> interceptors = builder.interceptors();
    for (Interceptor interceptor : interceptors) {
      if (interceptor instanceof TracingInterceptor) {
        return; // a builder from newBuilder() of a traced client
      }
    }
    interceptors.add(0, INSTANCE);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Scope parentScope = enqueuingContext(chain);
    try {
      HttpClientCall call = start(request);
      if (call == null) {
        return chain.proceed(request);
      }
      Response response;
      try {
        response = chain.proceed(withHeaders(request, call));
      } catch (Throwable t) {
        end(call, -1, t);
        throw t;
      }
      end(call, response.code(), null);
      return response;
    } finally {
      if (parentScope != null) {
        parentScope.close();
      }
    }
  }

  private static Scope enqueuingContext(Chain chain) {
    try {
      Context parent = CallerContexts.take(chain.call());
      return parent == null ? null : parent.makeCurrent();
    } catch (Throwable t) {
      return null; // Chain.call() is missing before OkHttp 3.9: the current context is used
    }
  }

  private static HttpClientCall start(Request request) {
    try {
      return TELEMETRY.start(request);
    } catch (Throwable t) {
      return null;
    }
  }

  private static Request withHeaders(Request request, HttpClientCall call) {
    try {
      Request.Builder builder = request.newBuilder();
      call.inject(builder, (b, name, value) -> b.header(name, value));
      return builder.build();
    } catch (Throwable t) {
      return request; // sent as the application built it, still traced on this side
    }
  }

  private static void end(HttpClientCall call, int status, Throwable error) {
    try {
      call.closeScope();
      TELEMETRY.end(call, status, error);
    } catch (Throwable t) {
      // never into the application
    }
  }
}
