package dev.lantern.agent.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exporter's own HTTP/1.1 connection: against the JDK's HttpServer, and against a scripted
 * loopback server for the answers a collector or a proxy in front of it may give (closing kept
 * connections, chunked refusals, HTTP/1.0, interim answers, silence, garbage).
 */
class SocketHttpPostTest {

  private HttpServer httpServer;
  private ScriptedServer scripted;

  @AfterEach
  void stop() throws IOException {
    if (httpServer != null) {
      httpServer.stop(0);
    }
    if (scripted != null) {
      scripted.close();
    }
  }

  @Test
  void postsGoOverOneKeptConnectionToARealServer() throws IOException {
    List<Integer> clientPorts = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    httpServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    httpServer.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          synchronized (bodies) {
            bodies.add(body);
            clientPorts.add(exchange.getRemoteAddress().getPort());
          }
          String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
          byte[] answer = ("type=" + contentType).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(bodies.size() == 2 ? 400 : 200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    httpServer.start();
    SocketHttpPost post =
        new SocketHttpPost(
            new URL("http://127.0.0.1:" + httpServer.getAddress().getPort() + "/v1/traces"),
            Map.of("Content-Type", "application/x-protobuf"),
            5000);

    byte[] big = new byte[300_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    HttpPost.Response first = post.post(big, big.length);
    HttpPost.Response second = post.post(new byte[] {1, 2, 3, 9}, 3);
    HttpPost.Response third = post.post(new byte[0], 0);
    post.close();

    assertEquals(200, first.status);
    assertEquals("", first.detail, "a success's body is not kept");
    assertEquals(400, second.status);
    assertEquals("type=application/x-protobuf", second.detail);
    assertEquals(200, third.status);
    assertArrayEquals(big, bodies.get(0));
    assertArrayEquals(new byte[] {1, 2, 3}, bodies.get(1));
    assertEquals(0, bodies.get(2).length);
    assertEquals(1, clientPorts.stream().distinct().count(), "one connection for all posts: " + clientPorts);
  }

  @Test
  void aKeptConnectionTheServerClosedIsReplacedAndThePostSentOnce() throws Exception {
    // answers, then closes the connection without saying so (as an idle timeout does)
    scripted = new ScriptedServer(request -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true);
    SocketHttpPost post = scripted.post(2000);
    assertEquals(200, post.post(bytes("one"), 3).status);
    scripted.awaitClosed(1);
    assertEquals(200, post.post(bytes("two"), 3).status);
    assertEquals(2, scripted.connections.get());
    assertEquals(List.of("one", "two"), scripted.bodies());
  }

  @Test
  void aChunkedRefusalIsReadToItsEndAndTheConnectionKept() throws Exception {
    AtomicInteger count = new AtomicInteger();
    scripted =
        new ScriptedServer(
            request ->
                count.incrementAndGet() == 1
                    ? "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "6;ext=1\r\nbad sp\r\n10\r\nan: no trace id\n\r\n0\r\nX-Trailer: t\r\n\r\n"
                    : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
            false);
    SocketHttpPost post = scripted.post(2000);
    HttpPost.Response refused = post.post(bytes("a"), 1);
    assertEquals(400, refused.status);
    assertEquals("bad span: no trace id", refused.detail);
    assertEquals(200, post.post(bytes("b"), 1).status);
    assertEquals(1, scripted.connections.get(), "the connection was kept after the chunked answer");
  }

  @Test
  void anAnswerThatClosesOrHasNoLengthEndsTheConnection() throws Exception {
    AtomicInteger count = new AtomicInteger();
    scripted =
        new ScriptedServer(
            request -> {
              switch (count.incrementAndGet()) {
                case 1:
                  return "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
                case 2:
                  return "HTTP/1.0 503 Service Unavailable\r\n\r\nbusy, try later";
                default:
                  return "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n";
              }
            },
            false);
    SocketHttpPost post = scripted.post(2000);
    assertEquals(200, post.post(bytes("a"), 1).status);
    HttpPost.Response busy = post.post(bytes("b"), 1);
    assertEquals(503, busy.status);
    assertEquals("busy, try later", busy.detail, "an HTTP/1.0 body without a length is read to the close");
    assertEquals(204, post.post(bytes("c"), 1).status, "an interim 100 is skipped");
    assertEquals(3, scripted.connections.get());
  }

  @Test
  void aTimeoutOnAKeptConnectionIsAFailureAndThePostIsNotRepeated() throws Exception {
    AtomicInteger count = new AtomicInteger();
    scripted =
        new ScriptedServer(
            request -> count.incrementAndGet() == 1 ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" : null, false);
    SocketHttpPost post = scripted.post(300);
    assertEquals(200, post.post(bytes("a"), 1).status);
    assertThrows(SocketTimeoutException.class, () -> post.post(bytes("b"), 1));
    Thread.sleep(300);
    assertEquals(List.of("a", "b"), scripted.bodies(), "a timed-out post is not sent again");
    assertEquals(1, scripted.connections.get());
  }

  @Test
  void somethingThatIsNotHttpIsAnErrorNamingWhatCame() throws Exception {
    scripted = new ScriptedServer(request -> "SSH-2.0-OpenSSH\r\n", false);
    SocketHttpPost post = scripted.post(2000);
    IOException e = assertThrows(IOException.class, () -> post.post(bytes("a"), 1));
    assertTrue(e.getMessage().contains("not an HTTP/1.x answer") && e.getMessage().contains("SSH-2.0"), e.getMessage());
  }

  @Test
  void nothingListeningIsAnIoFailure() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    SocketHttpPost post = new SocketHttpPost(new URL("http://127.0.0.1:" + port + "/v1/traces"), Map.of(), 1000);
    assertThrows(java.net.ConnectException.class, () -> post.post(bytes("a"), 1));
  }

  @Test
  void aCollectorThatStopsReadingFailsThePostAtTheTimeoutInsteadOfHoldingTheThread() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      server.setReceiveBufferSize(4096);
      Thread acceptor = new Thread(() -> {
        try (Socket accepted = server.accept()) {
          Thread.sleep(30_000); // accepts, never reads
        } catch (IOException | InterruptedException ignored) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      SocketHttpPost post =
          new SocketHttpPost(new URL("http://127.0.0.1:" + server.getLocalPort() + "/v1/traces"), Map.of(), 500);
      // far more than the kernel's send and receive buffers hold: the write must wait
      byte[] body = new byte[64 * 1024 * 1024];
      // a hang guard, not a speed check: a blocking write would never return
      SocketTimeoutException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30), () -> assertThrows(SocketTimeoutException.class, () -> post.post(body, body.length)));
      assertTrue(e.getMessage().contains("sending to the collector at 127.0.0.1:"), e.getMessage());
      acceptor.interrupt();
    }
  }

  @Test
  void anUnknownHostIsAnIoFailure() throws IOException {
    SocketHttpPost post = new SocketHttpPost(new URL("http://collector.invalid:4318/v1/traces"), Map.of(), 1000);
    assertThrows(java.net.UnknownHostException.class, () -> post.post(bytes("a"), 1));
  }

  @Test
  void theRequestHeadCarriesHostPathHeadersAndLength() throws Exception {
    scripted = new ScriptedServer(request -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-protobuf");
    headers.put("Authorization", "Bearer x");
    SocketHttpPost post =
        new SocketHttpPost(new URL("http://127.0.0.1:" + scripted.port() + "/otlp/v1/traces?tenant=a"), headers, 2000);
    post.post(bytes("hello"), 5);
    assertEquals(
        "POST /otlp/v1/traces?tenant=a HTTP/1.1\r\nHost: 127.0.0.1:" + scripted.port()
            + "\r\nContent-Type: application/x-protobuf\r\nAuthorization: Bearer x\r\nContent-Length: 5\r\n\r\n",
        scripted.heads.poll(5, TimeUnit.SECONDS));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A loopback server that reads each request (head and Content-Length body) and writes a scripted answer. */
  private static final class ScriptedServer implements AutoCloseable {
    interface Script {
      /** The raw answer to write, or null to stay silent. */
      String answer(String body);
    }

    final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
    private final List<String> bodies = new ArrayList<>();
    private final Script script;
    private final boolean closeAfterAnswer;
    private final Thread acceptor;

    ScriptedServer(Script script, boolean closeAfterAnswer) throws IOException {
      this.script = script;
      this.closeAfterAnswer = closeAfterAnswer;
      acceptor = new Thread(this::accept, "scripted-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    SocketHttpPost post(int timeoutMillis) throws IOException {
      return new SocketHttpPost(new URL("http://127.0.0.1:" + port() + "/v1/traces"), Map.of(), timeoutMillis);
    }

    List<String> bodies() {
      synchronized (bodies) {
        return new ArrayList<>(bodies);
      }
    }

    void awaitClosed(int count) throws InterruptedException {
      for (int i = 0; i < 500 && closed.get() < count; i++) {
        Thread.sleep(10);
      }
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          connections.incrementAndGet();
          Thread serve = new Thread(() -> serve(connection), "scripted-connection");
          serve.setDaemon(true);
          serve.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      try (Socket c = connection) {
        InputStream in = c.getInputStream();
        OutputStream out = c.getOutputStream();
        while (true) {
          String head = readHead(in);
          if (head == null) {
            return;
          }
          heads.add(head);
          int length = 0;
          for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
              length = Integer.parseInt(line.substring(15).trim());
            }
          }
          String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
          synchronized (bodies) {
            bodies.add(body);
          }
          String answer = script.answer(body);
          if (answer == null) {
            continue; // silent: the client's read times out
          }
          out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          if (closeAfterAnswer || answer.startsWith("HTTP/1.0") || answer.contains("Connection: close")) {
            return;
          }
        }
      } catch (IOException e) {
        // the client went away
      } finally {
        closed.incrementAndGet();
      }
    }

    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      int b;
      while ((b = in.read()) != -1) {
        head.write(b);
        matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        if (matched == 4) {
          return head.toString(StandardCharsets.ISO_8859_1);
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
