package dev.lantern.agent.trace;

import dev.lantern.agent.api.log.AgentLoggers;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;

/**
 * OTLP/HTTP span export, sent synchronously from the export thread: http/protobuf bodies from
 * {@link OtlpProtoWriter}, which writes the spans without a marshaler object per span and
 * attribute; http/json from the OpenTelemetry exporter's own marshaler. A plain-http endpoint
 * reached without a proxy (the usual local collector) is posted to over one kept connection of
 * the exporter's own ({@link SocketHttpPost}); https and proxied endpoints go through {@link
 * HttpURLConnection} ({@link UrlConnectionHttpPost}) for the JDK's TLS and proxy handling.
 *
 * <p>Why not the SDK's OtlpHttpSpanExporter: its senders bring either OkHttp (and Kotlin) or a
 * JDK HttpClient with its own selector and worker threads. Sending on the one export thread the
 * agent already has keeps the jar small and the thread count at one, and that thread is an agent
 * thread, so the agent's HTTP client instrumentations never trace their own export calls.
 */
public final class OtlpHttpSpanExporter implements SpanExporter, EncodedSpanExporter, PartialExport {

  private static final Logger log = AgentLoggers.get(OtlpHttpSpanExporter.class);

  /** Headers the transport sets itself, or that would change the framing: never taken from configuration. */
  private static final List<String> RESERVED =
      Arrays.asList("host", "content-length", "transfer-encoding", "connection", "expect", "upgrade", "te", "trailer", "keep-alive");

  private final URL url;
  private final HttpPost post;
  private final boolean json;
  private final boolean gzip;
  /** http/protobuf bodies, written straight from the spans; null for http/json. */
  private final OtlpProtoWriter protoWriter;
  /** Compressed (or JSON) bodies; kept between batches like the protobuf writer's buffer. */
  private final BodyBuffer compressed = new BodyBuffer();
  private boolean warnedSkippedSpans;
  private int skippedInLastExport;

  /**
   * Configured headers that cannot be sent as given (a line break or control character, a name
   * that is not a token, or one of {@link #RESERVED}) are left out with a warning naming the header
   * (not its value, which may be a credential).
   */
  public OtlpHttpSpanExporter(
      String endpoint, Map<String, String> headers, int timeoutMillis, boolean json, boolean gzip)
      throws IOException {
    this.url = new URL(endpoint);
    this.json = json;
    this.gzip = gzip;
    this.protoWriter = json ? null : new OtlpProtoWriter();
    Map<String, String> request = new LinkedHashMap<>();
    request.put("Content-Type", json ? "application/json" : "application/x-protobuf");
    request.put("User-Agent", "lantern-agent");
    if (gzip) {
      request.put("Content-Encoding", "gzip");
    }
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String problem = headerProblem(header.getKey(), header.getValue());
      if (problem != null) {
        log.warn("The OTLP header \"{}\" is not sent: {}.", HttpPost.printable(header.getKey()), problem);
        continue;
      }
      // a configured Content-Type or User-Agent replaces the agent's, whatever its case
      for (java.util.Iterator<String> names = request.keySet().iterator(); names.hasNext(); ) {
        if (names.next().equalsIgnoreCase(header.getKey())) {
          names.remove();
        }
      }
      request.put(header.getKey(), header.getValue());
    }
    this.post =
        url.getProtocol().equalsIgnoreCase("http") && direct(url)
            ? new SocketHttpPost(url, request, timeoutMillis)
            : new UrlConnectionHttpPost(url, request, timeoutMillis);
  }

  /** Why a configured header cannot be sent, or null when it can. */
  static String headerProblem(String name, String value) {
    if (name.isEmpty()) {
      return "its name is empty";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        return "its name holds a character a header name cannot";
      }
    }
    if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      return "the exporter sets it";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f || c > 0xff) {
        return "its value holds a line break, a control character or a character outside Latin-1";
      }
    }
    return null;
  }

  /** Whether the JVM's proxy selector sends this URL straight to the host. */
  private static boolean direct(URL url) {
    try {
      ProxySelector selector = ProxySelector.getDefault();
      if (selector == null) {
        return true;
      }
      List<Proxy> proxies = selector.select(url.toURI());
      return proxies == null || proxies.isEmpty() || proxies.get(0).type() == Proxy.Type.DIRECT;
    } catch (URISyntaxException | RuntimeException e) {
      return false; // HttpURLConnection decides, as before
    }
  }

  @Override
  public synchronized int skippedInLastExport() {
    return skippedInLastExport;
  }

  @Override
  public boolean takesEncoded() {
    return !json;
  }

  @Override
  public synchronized CompletableResultCode exportEncoded(EncodedBatch spans) {
    if (json) {
      throw new IllegalStateException("http/json export takes SpanData");
    }
    return send(null, spans);
  }

  @Override
  public synchronized CompletableResultCode export(Collection<SpanData> spans) {
    return send(spans, null);
  }

  /** Sends the spans, given either as data or as encoded spans. */
  private CompletableResultCode send(Collection<SpanData> spans, EncodedBatch encoded) {
    skippedInLastExport = 0;
    try {
      byte[] body;
      int length;
      if (json) {
        TraceRequestMarshaler request = TraceRequestMarshaler.create(spans);
        compressed.reset();
        try (OutputStream out = gzip ? new GZIPOutputStream(compressed) : compressed) {
          request.writeJsonTo(out);
        }
        body = compressed.array();
        length = compressed.size();
      } else {
        if (encoded != null) {
          protoWriter.encodeEncoded(encoded);
        } else {
          protoWriter.encode(spans);
        }
        skippedInLastExport = protoWriter.skippedSpans();
        if (protoWriter.skippedSpans() > 0 && !warnedSkippedSpans) {
          warnedSkippedSpans = true;
          log.warn(
              "{} span(s) left out of an OTLP export: reading their data failed. Such spans are"
                  + " counted in lantern_agent_spans_dropped_total{reason=\"unreadable\"} (warned once).",
              protoWriter.skippedSpans());
        }
        if (gzip) {
          compressed.reset();
          try (OutputStream out = new GZIPOutputStream(compressed, 8192)) {
            protoWriter.writeTo(out);
          }
          body = compressed.array();
          length = compressed.size();
        } else {
          body = protoWriter.array();
          length = protoWriter.size();
        }
      }
      HttpPost.Response response = post.post(body, length);
      if (response.success()) {
        return CompletableResultCode.ofSuccess();
      }
      return CompletableResultCode.ofExceptionalFailure(
          new IOException(
              "collector answered HTTP " + response.status + (response.detail.isEmpty() ? "" : ": " + response.detail)));
    } catch (IOException | RuntimeException e) {
      return CompletableResultCode.ofExceptionalFailure(e);
    } finally {
      compressed.trim();
      if (protoWriter != null) {
        protoWriter.trim();
      }
    }
  }

  /** A reusable body buffer that exposes its array, and drops it after an unusually large body. */
  private static final class BodyBuffer extends ByteArrayOutputStream {
    private static final int INITIAL = 16 * 1024;
    private static final int MAX_RETAINED = 4 * 1024 * 1024;

    BodyBuffer() {
      super(INITIAL);
    }

    byte[] array() {
      return buf;
    }

    void trim() {
      if (buf.length > MAX_RETAINED) {
        buf = new byte[INITIAL];
        count = 0;
      }
    }
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public synchronized CompletableResultCode shutdown() {
    post.close();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "otlp " + url + (json ? " (http/json)" : " (http/protobuf)");
  }
}
