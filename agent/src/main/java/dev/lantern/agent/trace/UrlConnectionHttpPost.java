package dev.lantern.agent.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Posts with {@link HttpURLConnection}: for https endpoints and endpoints reached through a proxy,
 * where the JDK's TLS, proxy selection and proxy authentication are wanted. (Plain http without a
 * proxy, the usual local collector, goes through {@link SocketHttpPost}.) Connecting and reading
 * have the connection's own timeouts; writing the body has a {@link WriteDeadline}.
 */
final class UrlConnectionHttpPost implements HttpPost {

  private final URL url;
  private final Map<String, String> headers;
  private final int timeoutMillis;
  /**
   * Made on the first https post (TLS set-up is not for the application's start) and kept: the
   * JDK keeps https connections alive per socket factory. Only the export thread posts.
   */
  private SSLSocketFactory tlsSockets;

  /** {@code headers}: every request header but Content-Length, already checked. */
  UrlConnectionHttpPost(URL url, Map<String, String> headers, int timeoutMillis) {
    this.url = url;
    this.headers = headers;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Response post(byte[] body, int length) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    if (connection instanceof HttpsURLConnection) {
      if (tlsSockets == null) {
        tlsSockets = new LingeringSocketFactory(HttpsURLConnection.getDefaultSSLSocketFactory());
      }
      ((HttpsURLConnection) connection).setSSLSocketFactory(tlsSockets);
    }
    try {
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(length);
      for (Map.Entry<String, String> header : headers.entrySet()) {
        connection.setRequestProperty(header.getKey(), header.getValue());
      }
      write(connection, body, length);
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

  /** Connects (under the connect and read timeouts) and writes the body (under the write deadline). */
  private void write(HttpURLConnection connection, byte[] body, int length) throws IOException {
    OutputStream out = connection.getOutputStream();
    WriteDeadline deadline = WriteDeadline.start(connection, timeoutMillis);
    try {
      out.write(body, 0, length);
      out.close();
    } finally {
      // also when it passed just as the write ended: the connection, and its answer, are gone
      if (deadline.stop()) {
        throw new SocketTimeoutException(
            "timed out after " + timeoutMillis + " ms writing the request to the collector at "
                + url.getHost() + ":" + (url.getPort() < 0 ? url.getDefaultPort() : url.getPort()));
      }
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
