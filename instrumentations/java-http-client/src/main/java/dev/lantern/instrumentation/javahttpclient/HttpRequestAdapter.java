package dev.lantern.instrumentation.javahttpclient;

import dev.lantern.agent.api.http.HttpClientRequestAdapter;
import java.net.URI;
import java.net.http.HttpRequest;

final class HttpRequestAdapter implements HttpClientRequestAdapter<HttpRequest> {

  static final HttpRequestAdapter INSTANCE = new HttpRequestAdapter();

  @Override
  public String method(HttpRequest request) {
    return request.method();
  }

  @Override
  public String url(HttpRequest request) {
    return request.uri().toString();
  }

  @Override
  public String serverAddress(HttpRequest request) {
    return request.uri().getHost();
  }

  @Override
  public int serverPort(HttpRequest request) {
    URI uri = request.uri();
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
