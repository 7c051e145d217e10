package dev.lantern.testapps.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 requests written byte for byte on a socket: the JDK's client refuses the header values
 * a hostile client sends (control characters, raw non-ASCII bytes, thousands of repeats).
 */
final class RawHttp {

  /** Status and body of an answer; status -1 when the server reset the connection instead. */
  record Answer(int status, String head, String body) {}

  private RawHttp() {}

  /** A GET with these header lines; each value is written as ISO-8859-1 bytes, unchecked. */
  static Answer get(int port, String target, List<Map.Entry<String, String>> headers) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(60_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      write(request, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n");
      for (Map.Entry<String, String> h : headers) {
        write(request, h.getKey() + ": " + h.getValue() + "\r\n");
      }
      write(request, "\r\n");
      OutputStream out = socket.getOutputStream();
      request.writeTo(out);
      out.flush();
      InputStream in = socket.getInputStream();
      String response;
      try {
        response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      } catch (java.net.SocketException e) {
        return new Answer(-1, "connection reset by the server", ""); // how the JDK server refuses some requests
      }
      int split = response.indexOf("\r\n\r\n");
      String head = split < 0 ? response : response.substring(0, split);
      String body = split < 0 ? "" : new String(response.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      int status = head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
      return new Answer(status, head, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    out.write(bytes, 0, bytes.length);
  }
}
