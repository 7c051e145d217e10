package dev.lantern.agent.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Posts with {@link HttpURLConnection}: for https endpoints and endpoints reached through a proxy,
 * where the JDK's TLS, proxy selection and proxy authentication are wanted. (Plain http without a
 * proxy, the usual local collector, goes through {@link SocketHttpPost}.)
 */
final class UrlConnectionHttpPost implements HttpPost {

  private final URL url;
  private final Map<String, String> headers;
  private final int timeoutMillis;

  /** {@code headers}: every request header but Content-Length, already checked. */
  UrlConnectionHttpPost(URL url, Map<String, String> headers, int timeoutMillis) {
    this.url = url;
    this.headers = headers;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Response post(byte[] body, int length) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    try {
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(length);
      for (Map.Entry<String, String> header : headers.entrySet()) {
        connection.setRequestProperty(header.getKey(), header.getValue());
      }
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body, 0, length);
      }
      int status = connection.getResponseCode();
      if (status >= 200 && status < 300) {
        drain(connection.getInputStream());
        return new Response(status, "");
      }
      return new Response(status, readSome(connection.getErrorStream()));
    } catch (IOException | RuntimeException e) {
      connection.disconnect();
      throw e;
    }
  }

  @Override
  public void close() {
    // HttpURLConnection keeps its connections in the JDK's own cache
  }

  private static void drain(InputStream in) throws IOException {
    if (in == null) {
      return;
    }
    try (InputStream input = in) {
      byte[] buffer = new byte[1024];
      while (input.read(buffer) != -1) {
        // read to the end so the connection can be reused
      }
    }
  }

  private static String readSome(InputStream in) {
    if (in == null) {
      return "";
    }
    try (InputStream input = in) {
      byte[] buffer = new byte[200];
      int n = input.read(buffer);
      drain(input);
      return n <= 0 ? "" : detail(buffer, n);
    } catch (IOException e) {
      return "";
    }
  }

  /** The start of a refusal's body as one line. */
  static String detail(byte[] bytes, int length) {
    return new String(bytes, 0, length, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
  }
}
