package dev.lantern.testapps.httpclients;

import java.time.Duration;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.RestTemplate;

/** Spring's RestTemplate and RestClient on HttpURLConnection and on Apache HttpClient 5. */
final class SpringClients {

  private SpringClients() {}

  static final ClientCall REST_TEMPLATE_SIMPLE =
      (method, url, body, timeoutMillis) -> restTemplate(simple(timeoutMillis), method, url, body);

  static final ClientCall REST_TEMPLATE_APACHE =
      (method, url, body, timeoutMillis) -> restTemplate(apache(timeoutMillis), method, url, body);

  static final ClientCall REST_CLIENT_SIMPLE = (method, url, body, timeoutMillis) -> {
    RestClient client = RestClient.builder().requestFactory(simple(timeoutMillis)).build();
    try {
      RestClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(method)).uri(url);
      if (body != null) {
        spec.body(body);
      }
      ResponseEntity<String> response = spec.retrieve().toEntity(String.class);
      return Outcome.response(response.getStatusCode().value(), orEmpty(response.getBody()));
    } catch (RestClientResponseException e) {
      return Outcome.response(e.getStatusCode().value(), e.getResponseBodyAsString());
    }
  };

  private static Outcome restTemplate(
      ClientHttpRequestFactory factory, String method, String url, String body) {
    try {
      ResponseEntity<String> response =
          new RestTemplate(factory)
              .exchange(url, HttpMethod.valueOf(method), new HttpEntity<>(body), String.class);
      return Outcome.response(response.getStatusCode().value(), orEmpty(response.getBody()));
    } catch (RestClientResponseException e) {
      return Outcome.response(e.getStatusCode().value(), e.getResponseBodyAsString());
    }
  }

  private static SimpleClientHttpRequestFactory simple(int timeoutMillis) {
    SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
    factory.setConnectTimeout(timeoutMillis);
    factory.setReadTimeout(timeoutMillis);
    return factory;
  }

  private static HttpComponentsClientHttpRequestFactory apache(int timeoutMillis) {
    HttpComponentsClientHttpRequestFactory factory =
        new HttpComponentsClientHttpRequestFactory(Apache5Clients.CLASSIC_CLIENT);
    factory.setConnectionRequestTimeout(Duration.ofMillis(timeoutMillis));
    factory.setReadTimeout(Duration.ofMillis(timeoutMillis));
    return factory;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
