package dev.lantern.agent.trace;

import dev.lantern.agent.api.log.AgentLoggers;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;

/**
 * OTLP/HTTP span export, sent synchronously from the export thread with {@link
 * HttpURLConnection}: http/protobuf bodies from {@link OtlpProtoWriter}, which writes the spans
 * without a marshaler object per span and attribute; http/json from the OpenTelemetry exporter's
 * own marshaler.
 *
 * <p>Why not the SDK's OtlpHttpSpanExporter: its senders bring either OkHttp (and Kotlin) or a
 * JDK HttpClient with its own selector and worker threads. Sending on the one export thread the
 * agent already has keeps the jar small and the thread count at one, and that thread is an agent
 * thread, so the agent's HTTP client instrumentations never trace their own export calls.
 */
public final class OtlpHttpSpanExporter implements SpanExporter, EncodedSpanExporter, PartialExport {

  private static final Logger log = AgentLoggers.get(OtlpHttpSpanExporter.class);

  private final URL url;
  private final Map<String, String> headers;
  private final int timeoutMillis;
  private final boolean json;
  private final boolean gzip;
  /** http/protobuf bodies, written straight from the spans; null for http/json. */
  private final OtlpProtoWriter protoWriter;
  /** Compressed (or JSON) bodies; kept between batches like the protobuf writer's buffer. */
  private final BodyBuffer compressed = new BodyBuffer();
  private boolean warnedSkippedSpans;
  private int skippedInLastExport;

  public OtlpHttpSpanExporter(
      String endpoint, Map<String, String> headers, int timeoutMillis, boolean json, boolean gzip)
      throws IOException {
    this.url = new URL(endpoint);
    this.headers = headers;
    this.timeoutMillis = timeoutMillis;
    this.json = json;
    this.gzip = gzip;
    this.protoWriter = json ? null : new OtlpProtoWriter();
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
  public synchronized CompletableResultCode exportEncoded(List<EncodedSpan> spans) {
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
  private CompletableResultCode send(Collection<SpanData> spans, List<EncodedSpan> encoded) {
    skippedInLastExport = 0;
    HttpURLConnection connection = null;
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
      connection = (HttpURLConnection) url.openConnection();
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(length);
      connection.setRequestProperty(
          "Content-Type", json ? "application/json" : "application/x-protobuf");
      connection.setRequestProperty("User-Agent", "lantern-agent");
      if (gzip) {
        connection.setRequestProperty("Content-Encoding", "gzip");
      }
      for (Map.Entry<String, String> header : headers.entrySet()) {
        connection.setRequestProperty(header.getKey(), header.getValue());
      }
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body, 0, length);
      }
      int status = connection.getResponseCode();
      if (status >= 200 && status < 300) {
        drain(connection.getInputStream());
        return CompletableResultCode.ofSuccess();
      }
      String detail = readSome(connection.getErrorStream());
      return CompletableResultCode.ofExceptionalFailure(
          new IOException("collector answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail)));
    } catch (IOException | RuntimeException e) {
      if (connection != null) {
        connection.disconnect();
      }
      return CompletableResultCode.ofExceptionalFailure(e);
    } finally {
      compressed.trim();
      if (protoWriter != null) {
        protoWriter.trim();
      }
    }
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

  private static String readSome(InputStream in) {
    if (in == null) {
      return "";
    }
    try (InputStream input = in) {
      byte[] buffer = new byte[200];
      int n = input.read(buffer);
      drain(input);
      return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
    } catch (IOException e) {
      return "";
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
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "otlp " + url + (json ? " (http/json)" : " (http/protobuf)");
  }
}
