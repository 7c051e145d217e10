package dev.lantern.agent.metrics;

import dev.lantern.agent.api.LanternThread;
import dev.lantern.agent.api.log.AgentLoggers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;

/**
 * The HTTP/1.1 server behind the metrics port, on one agent thread.
 *
 * <p>The JDK's {@code HttpServer} would add two threads (its dispatcher and an idle-timeout timer)
 * and load some seventy classes at start-up for what is a handful of small GET responses. This
 * server reads one request per connection, answers it with {@code Connection: close}, and closes.
 *
 * <p>Its connections are non-blocking, on one selector, so no client can hold the port: one that
 * connects and says nothing (a browser's speculative connection, a TCP health check), sends its
 * head slowly, or asks for {@code /metrics} and never reads the answer waits beside the others
 * instead of in front of them, and is closed when its exchange has taken {@value
 * #EXCHANGE_TIMEOUT_MS} ms. A readiness probe is answered meanwhile. A request head is capped at
 * {@value #MAX_HEAD_BYTES} bytes, and at most {@value #MAX_CONNECTIONS} connections are open.
 */
final class PortServer {

  private static final Logger log = AgentLoggers.get(PortServer.class);
  static final int EXCHANGE_TIMEOUT_MS = 5_000;
  static final int MAX_HEAD_BYTES = 16 * 1024;
  static final int MAX_CONNECTIONS = 64;
  /** After answering a request whose head was too large, what the client still sends is read for this long. */
  private static final int DRAIN_MS = 500;
  private static final int DRAIN_MAX_BYTES = 1 << 20;

  /** A parsed request: method, path, raw query and headers (names in lower case). */
  static final class Request {
    final String method;
    final String path;
    final String rawQuery;
    final Map<String, String> headers;

    Request(String method, String path, String rawQuery, Map<String, String> headers) {
      this.method = method;
      this.path = path;
      this.rawQuery = rawQuery;
      this.headers = headers;
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** A response: status, content type, extra headers and the body. */
  static final class Response {
    final int status;
    final String contentType;
    final byte[] body;
    final Map<String, String> headers = new LinkedHashMap<>();
    /** The body's length as Content-Length says it: a HEAD answer has none but says the GET's. */
    private final int contentLength;

    Response(int status, String contentType, byte[] body) {
      this(status, contentType, body, body.length);
    }

    private Response(int status, String contentType, byte[] body, int contentLength) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
      this.contentLength = contentLength;
    }

    static Response text(int status, String contentType, String body) {
      return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    Response header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Response headOnly() {
      Response head = new Response(status, contentType, new byte[0], contentLength);
      head.headers.putAll(headers);
      return head;
    }

    byte[] headBytes() {
      StringBuilder head = new StringBuilder(256);
      head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
      head.append("Content-Type: ").append(contentType).append("\r\n");
      head.append("Content-Length: ").append(contentLength).append("\r\n");
      head.append("Connection: close\r\n");
      for (Map.Entry<String, String> h : headers.entrySet()) {
        head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
      head.append("\r\n");
      return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  /** Answers the requests under one path prefix. */
  interface Handler {
    Response handle(Request request) throws IOException;
  }

  private final ServerSocketChannel socket;
  private final Selector selector;
  private final List<String> prefixes = new ArrayList<>();
  private final List<Handler> handlers = new ArrayList<>();
  private volatile boolean closed;

  PortServer(String host, int port) throws IOException {
    socket = ServerSocketChannel.open();
    try {
      socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 16);
      socket.configureBlocking(false);
      selector = Selector.open();
      socket.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Routes {@code prefix} exactly, or {@code prefix/...}; the longest matching prefix wins. */
  PortServer route(String prefix, Handler handler) {
    prefixes.add(prefix);
    handlers.add(handler);
    return this;
  }

  void start() {
    new LanternThread("metrics-port", this::serve).start();
  }

  int port() {
    return socket.socket().getLocalPort();
  }

  void close() {
    closed = true;
    closeQuietly(socket); // the port is free once the selector has woken up
    selector.wakeup();
  }

  private void serve() {
    try {
      while (!closed) {
        // with connections open, wake up now and then to close those past their deadline
        selector.select(selector.keys().size() > 1 ? 250 : 0);
        for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
          SelectionKey key = keys.next();
          keys.remove();
          if (key.isValid() && key.isAcceptable()) {
            accept();
          } else if (key.isValid() && key.attachment() != null) {
            step(key, (Exchange) key.attachment());
          }
        }
        closeExpired(System.nanoTime());
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        log.warn("The metrics port stopped serving: {}", e.toString());
      }
    } finally {
      for (SelectionKey key : selector.keys()) {
        closeQuietly(key.channel());
      }
      closeQuietly(selector);
      closeQuietly(socket);
    }
  }

  private void accept() throws IOException {
    for (SocketChannel channel; (channel = socket.accept()) != null; ) {
      if (selector.keys().size() > MAX_CONNECTIONS) {
        closeQuietly(channel); // a flood of connections: the ones already open are answered first
        continue;
      }
      try {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.register(selector, SelectionKey.OP_READ, new Exchange(System.nanoTime()));
      } catch (IOException e) {
        closeQuietly(channel);
      }
    }
  }

  /** Reads, answers or writes on, as the connection is ready; a failing one is closed. */
  private void step(SelectionKey key, Exchange exchange) {
    SocketChannel channel = (SocketChannel) key.channel();
    try {
      if (exchange.answer == null) {
        int n = channel.read(exchange.in);
        if (exchange.draining) {
          exchange.drained += Math.max(0, n);
          if (n < 0 || exchange.drained > DRAIN_MAX_BYTES) {
            closeQuietly(channel);
          }
          exchange.in.clear();
          return;
        }
        String head = exchange.head(n < 0);
        if (head == null) {
          return; // more to come
        }
        exchange.answer(answer(head), head.isEmpty());
        key.interestOps(SelectionKey.OP_WRITE);
      }
      channel.write(exchange.answer);
      if (!exchange.answer[exchange.answer.length - 1].hasRemaining()) {
        if (exchange.drainAfter) {
          // the client may still be sending its too-large head: closing now would reset the answer
          channel.shutdownOutput();
          exchange.drain();
          key.interestOps(SelectionKey.OP_READ);
        } else {
          closeQuietly(channel);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Metrics port: a request failed: {}", e.toString());
      closeQuietly(channel);
    }
  }

  private void closeExpired(long now) {
    for (SelectionKey key : selector.keys()) {
      Object exchange = key.attachment();
      if (exchange != null && now - ((Exchange) exchange).deadline > 0) {
        closeQuietly(key.channel());
      }
    }
  }

  /** The answer to a request head; an empty head is one that was too large or cut short. */
  private Response answer(String head) throws IOException {
    if (head.isEmpty()) {
      return Response.text(431, "text/plain; charset=utf-8", "request head too large or incomplete\n");
    }
    Request request = parse(head);
    if (request == null) {
      return Response.text(400, "text/plain; charset=utf-8", "malformed request\n");
    }
    Response response = dispatch(request);
    if (request.method.equals("HEAD")) {
      return response.headOnly();
    }
    String encoding = request.header("accept-encoding");
    if (encoding != null && encoding.contains("gzip") && response.body.length > 1024) {
      response = gzip(response);
    }
    return response;
  }

  /** One connection's request and answer. */
  private static final class Exchange {
    long deadline;
    ByteBuffer in = ByteBuffer.allocate(512);
    private int scanned;
    private int lineLength; // bytes on the current line, not counting \r
    ByteBuffer[] answer;
    boolean drainAfter;
    boolean draining;
    long drained;

    Exchange(long acceptedNanos) {
      this.deadline = acceptedNanos + TimeUnit.MILLISECONDS.toNanos(EXCHANGE_TIMEOUT_MS);
    }

    /**
     * The head once its blank line has been read; "" when it is too large or the client stopped
     * sending before it ended ({@code ended}); null while more is to come.
     */
    String head(boolean ended) {
      for (; scanned < in.position(); scanned++) {
        byte b = in.get(scanned);
        if (b == '\n') {
          if (lineLength == 0 && scanned > 1) {
            return new String(in.array(), 0, scanned + 1, StandardCharsets.ISO_8859_1);
          }
          lineLength = 0;
        } else if (b != '\r') {
          lineLength++;
        }
      }
      if (ended || in.position() >= MAX_HEAD_BYTES) {
        return "";
      }
      if (!in.hasRemaining()) {
        in = ByteBuffer.allocate(Math.min(MAX_HEAD_BYTES, in.capacity() * 4)).put(in.flip());
      }
      return null;
    }

    void answer(Response response, boolean thenDrain) {
      this.answer = new ByteBuffer[] {ByteBuffer.wrap(response.headBytes()), ByteBuffer.wrap(response.body)};
      this.drainAfter = thenDrain;
    }

    void drain() {
      deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
      draining = true;
      answer = null;
      in = ByteBuffer.allocate(8192);
    }
  }

  private Response dispatch(Request request) throws IOException {
    int best = -1;
    for (int i = 0; i < prefixes.size(); i++) {
      String p = prefixes.get(i);
      if ((request.path.equals(p) || request.path.startsWith(p + "/"))
          && (best < 0 || p.length() > prefixes.get(best).length())) {
        best = i;
      }
    }
    if (best < 0) {
      return Response.text(404, "text/plain; charset=utf-8", "not found: try /metrics, /health/live, /health/ready, /health/dependencies or /traces\n");
    }
    if (!request.method.equals("GET") && !request.method.equals("HEAD")) {
      return Response.text(405, "text/plain; charset=utf-8", "only GET and HEAD\n").header("Allow", "GET, HEAD");
    }
    try {
      return handlers.get(best).handle(request);
    } catch (RuntimeException e) {
      return Response.text(500, "text/plain; charset=utf-8", "failed: " + e + "\n");
    }
  }

  /** The request line and headers; null when the request line is not {@code METHOD target HTTP/x}. */
  static Request parse(String head) {
    String[] lines = head.split("\r?\n");
    String[] requestLine = lines[0].split(" ");
    if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/") || !requestLine[1].startsWith("/")) {
      return null;
    }
    String target = requestLine[1];
    int q = target.indexOf('?');
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    return new Request(
        requestLine[0], q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1), headers);
  }

  private static Response gzip(Response plain) throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream(plain.body.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(plain.body);
    }
    Response r = new Response(plain.status, plain.contentType, zipped.toByteArray());
    r.headers.putAll(plain.headers);
    return r.header("Content-Encoding", "gzip");
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static String reason(int status) {
    switch (status) {
      case 200: return "OK";
      case 400: return "Bad Request";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 431: return "Request Header Fields Too Large";
      case 503: return "Service Unavailable";
      default: return status >= 500 ? "Server Error" : "Status";
    }
  }
}
