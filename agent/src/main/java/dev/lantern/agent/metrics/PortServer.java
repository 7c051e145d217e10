package dev.lantern.agent.metrics;

import dev.lantern.agent.api.LanternThread;
import dev.lantern.agent.api.log.AgentLoggers;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;

/**
 * The HTTP/1.1 server behind the metrics port, on one agent thread.
 *
 * <p>The JDK's {@code HttpServer} would add two threads (its dispatcher and an idle-timeout timer)
 * and load some seventy classes at start-up for what is a handful of small GET responses. This
 * server reads one request per connection, answers it with {@code Connection: close}, and moves
 * on: scrapes and trace-view pages are small and fast, so serving them one after another is
 * enough. A client that sends nothing, or too much, cannot hold the port: reading a request times
 * out after {@value #READ_TIMEOUT_MS} ms and its head is capped at {@value #MAX_HEAD_BYTES} bytes.
 */
final class PortServer {

  private static final Logger log = AgentLoggers.get(PortServer.class);
  static final int READ_TIMEOUT_MS = 5_000;
  static final int MAX_HEAD_BYTES = 16 * 1024;

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

    Response(int status, String contentType, byte[] body) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
    }

    static Response text(int status, String contentType, String body) {
      return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    Response header(String name, String value) {
      headers.put(name, value);
      return this;
    }
  }

  /** Answers the requests under one path prefix. */
  interface Handler {
    Response handle(Request request) throws IOException;
  }

  private final ServerSocket socket;
  private final List<String> prefixes = new ArrayList<>();
  private final List<Handler> handlers = new ArrayList<>();
  private volatile boolean closed;

  PortServer(String host, int port) throws IOException {
    socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 16);
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
    return socket.getLocalPort();
  }

  void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private void serve() {
    while (!closed) {
      try (Socket connection = socket.accept()) {
        connection.setSoTimeout(READ_TIMEOUT_MS);
        connection.setTcpNoDelay(true);
        exchange(connection);
      } catch (SocketException e) {
        if (closed) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        log.debug("Metrics port: a request failed: {}", e.toString());
      }
    }
  }

  private void exchange(Socket connection) throws IOException {
    InputStream in = connection.getInputStream();
    OutputStream out = new BufferedOutputStream(connection.getOutputStream());
    String head = readHead(in);
    Response response;
    boolean headOnly = false;
    if (head == null) {
      response = Response.text(431, "text/plain; charset=utf-8", "request head too large or incomplete\n");
    } else {
      Request request = parse(head);
      if (request == null) {
        response = Response.text(400, "text/plain; charset=utf-8", "malformed request\n");
      } else {
        headOnly = request.method.equals("HEAD");
        response = dispatch(request);
        String encoding = request.header("accept-encoding");
        if (encoding != null && encoding.contains("gzip") && response.body.length > 1024 && !headOnly) {
          response = gzip(response);
        }
      }
    }
    write(out, response, headOnly);
    if (head == null) {
      drain(connection, in); // the client may still be sending: closing now would reset the answer
    }
  }

  /** Reads what the client still sends, briefly, after the answer went out. */
  private static void drain(Socket connection, InputStream in) {
    try {
      connection.shutdownOutput();
      connection.setSoTimeout(500);
      byte[] discard = new byte[8192];
      long budget = 1 << 20;
      for (int n; budget > 0 && (n = in.read(discard)) > 0; ) {
        budget -= n;
      }
    } catch (IOException ignored) {
      // the client went away: nothing left to protect
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

  /** Bytes up to the blank line that ends the head, or null when it is too long or cut short. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int lineLength = 0; // bytes on the current line, not counting \r
    while (head.size() < MAX_HEAD_BYTES) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      if (b == '\n') {
        if (lineLength == 0 && head.size() > 2) {
          return head.toString(StandardCharsets.ISO_8859_1);
        }
        lineLength = 0;
      } else if (b != '\r') {
        lineLength++;
      }
    }
    return null;
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

  private static void write(OutputStream out, Response response, boolean headOnly) throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(response.status).append(' ').append(reason(response.status)).append("\r\n");
    head.append("Content-Type: ").append(response.contentType).append("\r\n");
    head.append("Content-Length: ").append(response.body.length).append("\r\n");
    head.append("Connection: close\r\n");
    for (Map.Entry<String, String> h : response.headers.entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!headOnly) {
      out.write(response.body);
    }
    out.flush();
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
