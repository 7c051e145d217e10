package dev.lantern.agent.trace;

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
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * OTLP/HTTP span export (protobuf or JSON) with the OpenTelemetry exporter's own marshaler,
 * sent synchronously from the export thread with {@link HttpURLConnection}.
 *
 * <p>Why not the SDK's OtlpHttpSpanExporter: its senders bring either OkHttp (and Kotlin) or a
 * JDK HttpClient with its own selector and worker threads. Sending on the one export thread the
 * agent already has keeps the jar small and the thread count at one, and that thread is an agent
 * thread, so the agent's HTTP client instrumentations never trace their own export calls.
 */
public final class OtlpHttpSpanExporter implements SpanExporter {

  private final URL url;
  private final Map<String, String> headers;
  private final int timeoutMillis;
  private final boolean json;
  private final boolean gzip;

  public OtlpHttpSpanExporter(
      String endpoint, Map<String, String> headers, int timeoutMillis, boolean json, boolean gzip)
      throws IOException {
    this.url = new URL(endpoint);
    this.headers = headers;
    this.timeoutMillis = timeoutMillis;
    this.json = json;
    this.gzip = gzip;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    HttpURLConnection connection = null;
    try {
      TraceRequestMarshaler request = TraceRequestMarshaler.create(spans);
      ByteArrayOutputStream body =
          new ByteArrayOutputStream(json ? 1024 : request.getBinarySerializedSize());
      try (OutputStream out = gzip ? new GZIPOutputStream(body) : body) {
        if (json) {
          request.writeJsonTo(out);
        } else {
          request.writeBinaryTo(out);
        }
      }
      connection = (HttpURLConnection) url.openConnection();
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(body.size());
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
        body.writeTo(out);
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
