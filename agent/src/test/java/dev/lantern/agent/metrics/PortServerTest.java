package dev.lantern.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics port's HTTP server, spoken to over real sockets, good requests and bad. */
class PortServerTest {

  private static final int HUGE = 64 * 1024 * 1024;

  private PortServer server;

  @BeforeEach
  void start() throws IOException {
    server = new PortServer("127.0.0.1", 0);
    server.route("/hello", request -> PortServer.Response.text(200, "text/plain", "hello " + request.path + " " + request.rawQuery));
    server.route("/hello/deeper", request -> PortServer.Response.text(200, "text/plain", "deeper"));
    server.route("/big", request -> PortServer.Response.text(200, "text/plain", "x".repeat(10_000)));
    server.route("/huge", request -> new PortServer.Response(200, "application/octet-stream", new byte[HUGE]));
    server.route("/broken", request -> {
      throw new IllegalStateException("handler bug");
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void answersGetWithLengthAndCloses() throws IOException {
    String response = send("GET /hello?a=1 HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
    assertTrue(response.contains("Content-Length: 16\r\n"), response);
    assertTrue(response.contains("Connection: close\r\n"), response);
    assertTrue(response.endsWith("\r\n\r\nhello /hello a=1"), response);
  }

  @Test
  void longestPrefixWinsAndSubpathsRoute() throws IOException {
    assertTrue(send("GET /hello/deeper HTTP/1.1\r\n\r\n").endsWith("deeper"));
    assertTrue(send("GET /hello/other HTTP/1.1\r\n\r\n").endsWith("hello /hello/other null"));
    assertTrue(send("GET /hellothere HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 404 "));
  }

  @Test
  void headHasNoBodyAndOtherMethodsAreRefused() throws IOException {
    String head = send("HEAD /hello HTTP/1.1\r\n\r\n");
    assertTrue(head.startsWith("HTTP/1.1 200 OK"), head);
    assertTrue(head.endsWith("\r\n\r\n"), head);
    String post = send("POST /hello HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    assertTrue(post.startsWith("HTTP/1.1 405 "), post);
    assertTrue(post.contains("Allow: GET, HEAD"), post);
  }

  @Test
  void badRequestsGetClearAnswersAndTheServerGoesOn() throws IOException {
    assertTrue(send("NONSENSE\r\n\r\n").startsWith("HTTP/1.1 400 "));
    assertTrue(send("GET /hello\r\n\r\n").startsWith("HTTP/1.1 400 "));
    assertTrue(send("GET /hello HTTP/1.1\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n").startsWith("HTTP/1.1 431 "));
    assertTrue(send("GET /broken HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 500 "));
    assertTrue(send("GET /hello HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 200 "));
  }

  @Test
  void bareLineFeedsAreAccepted() throws IOException {
    assertTrue(send("GET /hello HTTP/1.0\n\n").startsWith("HTTP/1.1 200 "));
  }

  @Test
  void gzipWhenAskedForAndWorthIt() throws IOException {
    byte[] raw = sendRaw("GET /big HTTP/1.1\r\nAccept-Encoding: gzip, deflate\r\n\r\n");
    String response = new String(raw, StandardCharsets.ISO_8859_1);
    assertTrue(response.contains("Content-Encoding: gzip\r\n"), response);
    int bodyStart = response.indexOf("\r\n\r\n") + 4;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw, bodyStart, raw.length - bodyStart))) {
      assertEquals("x".repeat(10_000), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertTrue(!send("GET /hello HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n").contains("Content-Encoding"), "small bodies stay plain");
  }

  /**
   * A client that connects and says nothing (a browser's speculative connection, a TCP check)
   * does not hold the others: they are answered while it is still open, not after the server
   * gave up on it.
   */
  @Test
  void aSilentClientDoesNotDelayTheOthers() throws IOException {
    try (Socket silent = new Socket()) {
      silent.connect(new InetSocketAddress("127.0.0.1", server.port()));
      String response = send("GET /hello HTTP/1.1\r\n\r\n");
      assertTrue(response.startsWith("HTTP/1.1 200 "), response);
      silent.setSoTimeout(200);
      assertThrows(SocketTimeoutException.class, () -> silent.getInputStream().read(), "still open: not closed first");
    }
  }

  /** One that asks for a large answer and never reads it neither: it is cut off at the deadline. */
  @Test
  void aClientThatNeverReadsItsAnswerDoesNotHoldThePort() throws IOException {
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
      stalled.getOutputStream().write("GET /huge HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      stalled.getOutputStream().flush();
      String response = send("GET /hello HTTP/1.1\r\n\r\n");
      assertTrue(response.startsWith("HTTP/1.1 200 "), response);
      // now reading, slowly: what arrives ends short of the 64 MB, at the server's deadline
      stalled.setSoTimeout(4 * PortServer.EXCHANGE_TIMEOUT_MS);
      long received = 0;
      long slowUntil = System.nanoTime() + 2L * PortServer.EXCHANGE_TIMEOUT_MS * 1_000_000;
      try {
        InputStream in = stalled.getInputStream();
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) > 0; ) {
          received += n;
          if (System.nanoTime() < slowUntil) {
            sleepQuietly(); // a read per 100 ms until the server's deadline has passed
          }
        }
      } catch (IOException reset) {
        // cut off by the server
      }
      assertTrue(received < HUGE, "received " + received);
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String send(String request) throws IOException {
    return new String(sendRaw(request), StandardCharsets.ISO_8859_1);
  }

  private byte[] sendRaw(String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
      socket.setSoTimeout(4 * PortServer.EXCHANGE_TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        all.write(buf, 0, n);
      }
      return all.toByteArray();
    }
  }
}
