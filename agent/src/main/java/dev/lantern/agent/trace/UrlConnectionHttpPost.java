package dev.lantern.agent.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
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
      if (Response.successful(status)) {
        drain(connection.getInputStream());
        return Response.of(status, null, 0);
      }
      byte[] start = new byte[200];
      return Response.of(status, start, readStart(connection.getErrorStream(), start));
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

  /** Reads a refusal's body to its end, its start into {@code start}; returns how many bytes that is. */
  private static int readStart(InputStream in, byte[] start) {
    if (in == null) {
      return 0;
    }
    try (InputStream input = in) {
      int kept = Math.max(0, input.readNBytes(start, 0, start.length));
      drain(input);
      return kept;
    } catch (IOException e) {
      return 0;
    }
  }
}
