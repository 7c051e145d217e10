package dev.lantern.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The OTLP/HTTP endpoint both agents export to during the benchmark. It only counts the spans of
 * each request and keeps nothing: it shares the harness JVM with the load generator, and a sink
 * that decoded and kept ~4,000 spans a second would make that JVM collect garbage in pauses that
 * the fixed-rate load generator would then report as the app's latency. The JMH runs use it too:
 * a JDBC benchmark ends some 500,000 spans a second, which a keeping receiver cannot hold.
 */
public final class SpanCountingSink implements AutoCloseable {

  private final HttpServer server;
  private final AtomicLong spans = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong exports = new AtomicLong();
  private byte[] buffer = new byte[1 << 20]; // one handler thread: reused

  public SpanCountingSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/v1/traces", this::handle);
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "otlp-sink");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** The endpoint without the signal path, as both agents take it. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  long spans() {
    return spans.get();
  }

  /** Export requests received since the last {@link #clear()}. */
  long exports() {
    return exports.get();
  }

  long malformedRequests() {
    return malformed.get();
  }

  void clear() {
    spans.set(0);
    exports.set(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    exports.incrementAndGet();
    try (InputStream raw = exchange.getRequestBody()) {
      InputStream in =
          "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
              ? new GZIPInputStream(raw)
              : raw;
      int length = 0;
      for (int n; (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
        length += n;
        if (length == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
      }
      try {
        spans.addAndGet(countSpans(buffer, 0, length));
      } catch (RuntimeException e) {
        malformed.incrementAndGet();
      }
    }
    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
    exchange.close();
  }

  /**
   * Spans in an ExportTraceServiceRequest: resource_spans (1) → scope_spans (2) → spans (2).
   * Other fields are skipped by wire type.
   */
  static long countSpans(byte[] b, int from, int to) {
    long count = 0;
    Reader request = new Reader(b, from, to);
    while (request.more()) {
      int tag = request.varint32();
      if (tag == (1 << 3 | 2)) {
        int len = request.varint32();
        Reader resourceSpans = new Reader(b, request.pos, request.pos + len);
        request.pos += len;
        while (resourceSpans.more()) {
          int rtag = resourceSpans.varint32();
          if (rtag == (2 << 3 | 2)) {
            int slen = resourceSpans.varint32();
            Reader scopeSpans = new Reader(b, resourceSpans.pos, resourceSpans.pos + slen);
            resourceSpans.pos += slen;
            while (scopeSpans.more()) {
              int stag = scopeSpans.varint32();
              if (stag == (2 << 3 | 2)) {
                count++;
              }
              scopeSpans.skip(stag);
            }
          } else {
            resourceSpans.skip(rtag);
          }
        }
      } else {
        request.skip(tag);
      }
    }
    return count;
  }

  /** Just enough of the protobuf wire format to walk messages. */
  private static final class Reader {
    final byte[] b;
    int pos;
    final int end;

    Reader(byte[] b, int pos, int end) {
      if (end > b.length || pos > end) {
        throw new IllegalArgumentException("length beyond the message");
      }
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IllegalArgumentException("truncated varint");
        }
        byte x = b[pos++];
        value |= (long) (x & 0x7f) << shift;
        if (x >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    int varint32() {
      return (int) varint();
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0: varint(); break;
        case 1: pos += 8; break;
        case 2: {
          int length = varint32(); // read first: "pos += varint32()" would add to the old pos
          pos += length;
          break;
        }
        case 5: pos += 4; break;
        default: throw new IllegalArgumentException("wire type " + (tag & 7));
      }
      if (pos > end) {
        throw new IllegalArgumentException("field beyond the message");
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
