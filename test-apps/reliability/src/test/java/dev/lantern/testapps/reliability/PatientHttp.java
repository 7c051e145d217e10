package dev.lantern.testapps.reliability;

import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * {@link Http} with {@link Probe#WAIT} as the wait limit instead of 10 s: a fresh application's
 * first {@code /work} loads every library it uses (HTTP clients, JDBC, Kafka, the OpenAI SDK), which
 * on a busy shared machine can take longer than 10 s. A wait limit, never a timing assertion.
 */
final class PatientHttp {

  private PatientHttp() {}

  static HttpResult get(String url) {
    return get(url, Map.of());
  }

  static HttpResult get(String url, Map<String, String> headers) {
    return Http.get(url, headers, Probe.WAIT);
  }

  static HttpResult post(String url, String body, Map<String, String> headers) {
    return post(url, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
  }

  static HttpResult post(String url, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Probe.WAIT).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return Http.send(request.build());
  }
}
