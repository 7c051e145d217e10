package dev.lantern.agent.trace;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Posts to one plain-http URL over a connection it keeps open between posts (HTTP/1.1).
 *
 * <p>The default export path: a collector on http:// with no proxy in between. HttpURLConnection
 * did the same with more work per post and a thread: it probed a kept connection before each use
 * with a read that waits up to a millisecond, flushed the request head as a write of its own, and
 * kept idle connections with the JDK's "Keep-Alive-Timer" thread, which counted as one of the
 * agent's threads. Here the head and the body go out as two writes, nothing is probed, and no
 * thread is started. A kept connection the collector closed while it was idle shows as a failure
 * before any byte of an answer: the post is then sent once more on a new connection.
 *
 * <p>Every answer is read to its end, whatever its framing (Content-Length, chunked, or up to the
 * close), so the connection stays usable; its body is kept only for a refusal's message.
 *
 * <p>The channel is non-blocking and waits on a selector of its own, so that every step has a
 * deadline: connecting, each read, and writing the whole request. A blocking socket has no write
 * timeout, and a collector that accepted the connection but stopped reading would hold the export
 * thread in a write for ever (HttpURLConnection had the same flaw).
 */
final class SocketHttpPost implements HttpPost {

  private static final int MAX_LINE = 8192;
  private static final int MAX_HEADER_LINES = 100;
  /** A collector answers with a few bytes; beyond this the connection is dropped instead of read. */
  private static final long MAX_BODY = 1024 * 1024;
  private static final int DETAIL_BYTES = 200;
  private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

  private final String host;
  private final int port;
  private final int timeoutMillis;
  /** The request head up to and including "Content-Length: ". */
  private final int headStartLength;
  private final byte[] head;

  private SocketChannel socket;
  private Selector selector;
  private SelectionKey key;
  private final byte[] buffer = new byte[4096];
  private final ByteBuffer readBuffer = ByteBuffer.wrap(buffer);
  private int pos;
  private int limit;
  /** Whether a byte of the current answer has been read: a failure after that is not retried. */
  private boolean answered;
  private final StringBuilder line = new StringBuilder(64);
  private final byte[] detail = new byte[DETAIL_BYTES];
  private int detailLength;
  private long bodyRead;

  /** {@code headers}: every request header but Host and Content-Length, already checked. */
  SocketHttpPost(URL url, Map<String, String> headers, int timeoutMillis) {
    String urlHost = url.getHost();
    this.host =
        urlHost.startsWith("[") && urlHost.endsWith("]") ? urlHost.substring(1, urlHost.length() - 1) : urlHost;
    this.port = url.getPort() != -1 ? url.getPort() : url.getDefaultPort();
    this.timeoutMillis = timeoutMillis;
    StringBuilder start = new StringBuilder(256);
    start.append("POST ").append(url.getFile().isEmpty() ? "/" : url.getFile()).append(" HTTP/1.1\r\n");
    start.append("Host: ").append(urlHost);
    if (url.getPort() != -1) {
      start.append(':').append(url.getPort());
    }
    start.append("\r\n");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      start.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    start.append("Content-Length: ");
    byte[] bytes = start.toString().getBytes(StandardCharsets.ISO_8859_1);
    this.headStartLength = bytes.length;
    this.head = Arrays.copyOf(bytes, bytes.length + 10 + HEAD_END.length);
  }

  @Override
  public Response post(byte[] body, int length) throws IOException {
    if (socket != null && pos < limit) {
      close(); // bytes nobody asked for: the connection's state is unknown
    }
    boolean reused = socket != null;
    if (!reused) {
      connect();
    }
    try {
      return exchange(body, length);
    } catch (IOException first) {
      close();
      if (!reused || answered || first instanceof SocketTimeoutException) {
        throw first;
      }
      // closed by the collector while idle (reset, broken pipe, or the end before any answer)
      connect();
      try {
        return exchange(body, length);
      } catch (IOException second) {
        close();
        throw second;
      }
    }
  }

  @Override
  public void close() {
    SocketChannel open = socket;
    Selector openSelector = selector;
    socket = null;
    selector = null;
    key = null;
    pos = 0;
    limit = 0;
    closeQuietly(open);
    closeQuietly(openSelector);
  }

  private static void closeQuietly(Closeable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  private void connect() throws IOException {
    SocketChannel opened = SocketChannel.open();
    Selector openedSelector = null;
    try {
      opened.setOption(StandardSocketOptions.TCP_NODELAY, true); // head and body: no wait for an ACK
      opened.configureBlocking(false);
      openedSelector = Selector.open();
      selector = openedSelector;
      key = opened.register(openedSelector, 0);
      InetSocketAddress address = new InetSocketAddress(host, port);
      if (address.isUnresolved()) {
        throw new UnknownHostException(host);
      }
      if (!opened.connect(address)) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!opened.finishConnect()) {
          await(SelectionKey.OP_CONNECT, deadline, "connecting to");
        }
      }
    } catch (IOException | RuntimeException e) {
      selector = null;
      key = null;
      closeQuietly(opened);
      closeQuietly(openedSelector);
      throw e;
    }
    socket = opened;
    pos = 0;
    limit = 0;
  }

  /** Writes all of it before the deadline, waiting while the collector does not read. */
  private void write(byte[] bytes, int length, long deadline) throws IOException {
    ByteBuffer remaining = ByteBuffer.wrap(bytes, 0, length);
    while (remaining.hasRemaining()) {
      if (socket.write(remaining) == 0) {
        await(SelectionKey.OP_WRITE, deadline, "sending to");
      }
    }
  }

  /** Waits until the channel is ready for {@code op}, or fails at the deadline. */
  private void await(int op, long deadline, String doing) throws IOException {
    key.interestOps(op);
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException(
              "timed out after " + timeoutMillis + " ms " + doing + " the collector at " + host + ":" + port);
        }
        // select(0) would wait for ever: at least a millisecond
        selector.select(Math.max(1, left / 1_000_000L));
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("interrupted while " + doing + " the collector");
        }
        if (!selector.selectedKeys().isEmpty()) {
          selector.selectedKeys().clear();
          return;
        }
      }
    } finally {
      if (key.isValid()) {
        key.interestOps(0);
      }
    }
  }

  private Response exchange(byte[] body, int length) throws IOException {
    answered = false;
    detailLength = 0;
    bodyRead = 0;
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    write(head, head(length), deadline);
    write(body, length, deadline);

    int status;
    boolean close;
    long contentLength;
    boolean chunked;
    do {
      String statusLine = readLine();
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
        throw new IOException("not an HTTP/1.x answer from the collector: \"" + shown(statusLine) + "\"");
      }
      status = statusCode(statusLine);
      close = statusLine.charAt(7) == '0'; // HTTP/1.0 closes unless it says otherwise
      contentLength = -1;
      chunked = false;
      for (int lines = 0; ; lines++) {
        String header = readLine();
        if (header.isEmpty()) {
          break;
        }
        if (lines == MAX_HEADER_LINES) {
          throw new IOException("the collector's answer has more than " + MAX_HEADER_LINES + " header lines");
        }
        int colon = header.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = header.substring(0, colon).trim();
        String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        if (name.equalsIgnoreCase("Content-Length")) {
          contentLength = contentLength(value);
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
          chunked = value.endsWith("chunked");
        } else if (name.equalsIgnoreCase("Connection")) {
          if (value.contains("close")) {
            close = true;
          } else if (value.contains("keep-alive")) {
            close = false;
          }
        }
      }
    } while (status >= 100 && status < 200 && status != 101); // interim answers: the final one follows

    if (status == 101) {
      close = true; // a protocol switch nobody asked for
    } else if (status == 204 || status == 304) {
      // no body
    } else if (chunked) {
      close |= !readChunked();
    } else if (contentLength >= 0) {
      close |= !consume(contentLength);
    } else {
      readToEnd();
      close = true;
    }
    if (close) {
      close();
    }
    return Response.of(status, detail, detailLength);
  }

  /** Completes the head with the body's length; returns the head's length. */
  private int head(int length) {
    int at = headStartLength;
    String digits = Integer.toString(length);
    for (int i = 0; i < digits.length(); i++) {
      head[at++] = (byte) digits.charAt(i);
    }
    System.arraycopy(HEAD_END, 0, head, at, HEAD_END.length);
    return at + HEAD_END.length;
  }

  private static int statusCode(String statusLine) throws IOException {
    int code = 0;
    for (int i = 9; i < 12; i++) {
      char c = statusLine.charAt(i);
      if (c < '0' || c > '9') {
        throw new IOException("malformed status line from the collector: \"" + shown(statusLine) + "\"");
      }
      code = code * 10 + (c - '0');
    }
    return code;
  }

  private static long contentLength(String value) throws IOException {
    try {
      long length = Long.parseLong(value);
      if (length >= 0) {
        return length;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException("malformed Content-Length from the collector: \"" + shown(value) + "\"");
  }

  /** Reads a chunked body to its end; false when it was too long and was left unread. */
  private boolean readChunked() throws IOException {
    while (true) {
      String sizeLine = readLine();
      int extension = sizeLine.indexOf(';');
      String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunk size from the collector: \"" + shown(sizeLine) + "\"");
      }
      if (size < 0) {
        throw new IOException("malformed chunk size from the collector: \"" + shown(sizeLine) + "\"");
      }
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailers, ignored
        }
        return true;
      }
      if (!consume(size)) {
        return false;
      }
      if (!readLine().isEmpty()) {
        throw new IOException("malformed chunked answer from the collector");
      }
    }
  }

  /** Reads {@code length} body bytes; false when the body is too long and was left unread. */
  private boolean consume(long length) throws IOException {
    if (bodyRead + length > MAX_BODY) {
      return false;
    }
    bodyRead += length;
    while (length > 0) {
      if (pos == limit && !fill()) {
        throw new EOFException("the collector's answer ended early");
      }
      int take = (int) Math.min(length, limit - pos);
      keep(take);
      pos += take;
      length -= take;
    }
    return true;
  }

  private void readToEnd() throws IOException {
    while (bodyRead <= MAX_BODY && (pos < limit || fill())) {
      int take = limit - pos;
      keep(take);
      pos = limit;
      bodyRead += take;
    }
  }

  private void keep(int take) {
    int kept = Math.min(take, DETAIL_BYTES - detailLength);
    if (kept > 0) {
      System.arraycopy(buffer, pos, detail, detailLength, kept);
      detailLength += kept;
    }
  }

  private String readLine() throws IOException {
    line.setLength(0);
    while (true) {
      if (pos == limit && !fill()) {
        throw new EOFException(
            answered ? "the collector's answer ended early" : "the collector closed the connection without answering");
      }
      byte b = buffer[pos++];
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() == MAX_LINE) {
        throw new IOException("a line of the collector's answer is longer than " + MAX_LINE + " bytes");
      }
      line.append((char) (b & 0xff));
    }
  }

  /** Reads what has come, waiting up to the timeout for something; false at the end of the stream. */
  private boolean fill() throws IOException {
    readBuffer.clear();
    int n = socket.read(readBuffer);
    if (n == 0) {
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      do {
        await(SelectionKey.OP_READ, deadline, "waiting for the answer of");
        n = socket.read(readBuffer);
      } while (n == 0);
    }
    if (n < 0) {
      return false;
    }
    pos = 0;
    limit = n;
    answered = true;
    return true;
  }

  /** Some of what the collector sent, for a message: printable and short. */
  private static String shown(String text) {
    String cut = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return HttpPost.printable(cut);
  }
}
