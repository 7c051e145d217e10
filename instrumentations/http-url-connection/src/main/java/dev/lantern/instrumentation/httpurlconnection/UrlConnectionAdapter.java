package dev.lantern.instrumentation.httpurlconnection;

import dev.lantern.agent.api.http.HttpClientRequestAdapter;
import java.net.HttpURLConnection;
import java.net.URL;

final class UrlConnectionAdapter implements HttpClientRequestAdapter<HttpURLConnection> {

  static final UrlConnectionAdapter INSTANCE = new UrlConnectionAdapter();

  /** The JDK sends a GET with a request body ({@code doOutput}) as a POST. */
  @Override
  public String method(HttpURLConnection connection) {
    String method = connection.getRequestMethod();
    return "GET".equals(method) && connection.getDoOutput() ? "POST" : method;
  }

  @Override
  public String url(HttpURLConnection connection) {
    return connection.getURL().toString();
  }

  @Override
  public String serverAddress(HttpURLConnection connection) {
    return connection.getURL().getHost();
  }

  @Override
  public int serverPort(HttpURLConnection connection) {
    URL url = connection.getURL();
    return url.getPort() > 0 ? url.getPort() : url.getDefaultPort();
  }
}
