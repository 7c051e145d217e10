package dev.lantern.instrumentation.javahttpclient;

import dev.lantern.agent.api.PropagationHeaders;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * {@link HttpRequest} is immutable, so propagation headers go into a copy. Java 16+ has {@code
 * HttpRequest.newBuilder(HttpRequest, BiPredicate)} for exactly that; the agent's bytecode targets
 * Java 11, so it is looked up once and a field-by-field copy covers Java 11 to 15.
 */
final class RequestHeaders {

  private static final BiPredicate<String, String> ALL = (name, value) -> true;
  private static final MethodHandle COPY_BUILDER = copyBuilder();

  private RequestHeaders() {}

  static HttpRequest withHeaders(HttpRequest request, PropagationHeaders headers) {
    if (headers.isEmpty()) {
      return request;
    }
    HttpRequest.Builder builder = copy(request);
    for (int i = 0; i < headers.size(); i++) {
      builder.setHeader(headers.name(i), headers.value(i));
    }
    return builder.build();
  }

  private static HttpRequest.Builder copy(HttpRequest request) {
    if (COPY_BUILDER != null) {
      try {
        return (HttpRequest.Builder) COPY_BUILDER.invokeExact(request, ALL);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.uri())
            .method(
                request.method(),
                request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()))
            .expectContinue(request.expectContinue());
    request.timeout().ifPresent(builder::timeout);
    request.version().ifPresent(builder::version);
    for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
      for (String value : header.getValue()) {
        builder.header(header.getKey(), value);
      }
    }
    return builder;
  }

  private static MethodHandle copyBuilder() {
    try {
      return MethodHandles.publicLookup()
          .findStatic(
              HttpRequest.class,
              "newBuilder",
              MethodType.methodType(HttpRequest.Builder.class, HttpRequest.class, BiPredicate.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }
}
