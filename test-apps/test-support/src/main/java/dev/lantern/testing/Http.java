package dev.lantern.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tiny blocking HTTP/1.1 client for tests, on the JDK's HttpClient (the test JVM is not
 * instrumented, so these calls never produce spans of their own). Never throws checked exceptions:
 * I/O failures (connection refused, timeout) become {@link UncheckedIOException}s naming the URL,
 * so a caller polling for a server to come up can catch just that.
 */
public final class Http {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(DEFAULT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private Http() {}

  public static HttpResult get(String url) {
    return get(url, Map.of());
  }

  public static HttpResult get(String url, Map<String, String> headers) {
    return get(url, headers, DEFAULT_TIMEOUT);
  }

  public static HttpResult get(String url, Map<String, String> headers, Duration timeout) {
    return send(request(url, headers, timeout).GET().build());
  }

  public static HttpResult post(String url, String body, Map<String, String> headers) {
    return post(url, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  public static HttpResult post(String url, byte[] body, Map<String, String> headers) {
    return send(
        request(url, headers, DEFAULT_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  /**
   * Sends any request built by the caller (other methods, custom bodies); one without a timeout
   * gets {@link #DEFAULT_TIMEOUT}.
   */
  public static HttpResult send(HttpRequest request) {
    if (request.timeout().isEmpty()) {
      request =
          HttpRequest.newBuilder(request, (name, value) -> true).timeout(DEFAULT_TIMEOUT).build();
    }
    try {
      HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      Map<String, List<String>> headers = new LinkedHashMap<>();
      response
          .headers()
          .map()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
      return new HttpResult(
          response.statusCode(),
          Collections.unmodifiableMap(headers),
          new String(response.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted during " + request.method() + " " + request.uri(), e);
    }
  }

  private static HttpRequest.Builder request(
      String url, Map<String, String> headers, Duration timeout) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    headers.forEach(builder::header);
    return builder;
  }
}
