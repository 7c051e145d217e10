package dev.lantern.testapps.httpclients;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** {@code java.net.HttpURLConnection} used the way most SDKs use it. */
final class UrlConnectionClient implements ClientCall {

  @Override
  public Outcome call(String method, String url, String body, int timeoutMillis) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    connection.setConnectTimeout(timeoutMillis);
    connection.setReadTimeout(timeoutMillis);
    connection.setRequestMethod(method);
    if (body != null) {
      connection.setDoOutput(true);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = connection.getResponseCode();
    InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    String text = "";
    if (in != null) {
      try (in) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return Outcome.response(status, text);
  }
}
