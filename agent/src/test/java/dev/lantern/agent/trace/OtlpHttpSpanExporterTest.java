package dev.lantern.agent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exporter posts OtlpProtoWriter's request (or the SDK's JSON) to a loopback collector. */
class OtlpHttpSpanExporterTest {

  private HttpServer server;
  private final List<Received> received = new ArrayList<>();

  private static final class Received {
    final String contentType;
    final String contentEncoding;
    final String header;
    final byte[] body;
    final com.sun.net.httpserver.Headers headers;
    final int clientPort;
    final String requestTarget;

    Received(com.sun.net.httpserver.HttpExchange exchange, byte[] body) {
      this.headers = exchange.getRequestHeaders();
      this.contentType = headers.getFirst("Content-Type");
      this.contentEncoding = headers.getFirst("Content-Encoding");
      this.header = headers.getFirst("X-Tenant");
      this.body = body;
      this.clientPort = exchange.getRemoteAddress().getPort();
      this.requestTarget = exchange.getRequestURI().toString();
    }
  }

  @BeforeEach
  void startCollector() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          synchronized (received) {
            received.add(new Received(exchange, body));
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopCollector() {
    server.stop(0);
  }

  private String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  @Test
  void postsTheWritersProtobufAndItParsesToTheSdksRequest() throws IOException {
    OtlpHttpSpanExporter exporter = new OtlpHttpSpanExporter(endpoint(), Map.of("X-Tenant", "t1"), 5000, false, false);
    List<SpanData> spans = spans(50);
    assertTrue(exporter.export(spans).join(10, TimeUnit.SECONDS).isSuccess());
    // a second batch through the same, reused writer
    assertTrue(exporter.export(spans.subList(0, 3)).join(10, TimeUnit.SECONDS).isSuccess());

    assertEquals(2, received.size());
    Received first = received.get(0);
    assertEquals("application/x-protobuf", first.contentType);
    assertEquals(null, first.contentEncoding);
    assertEquals("t1", first.header);
    assertEquals(sdkRequest(spans), ExportTraceServiceRequest.parseFrom(first.body));
    assertEquals(sdkRequest(spans.subList(0, 3)), ExportTraceServiceRequest.parseFrom(received.get(1).body));
    assertEquals(first.clientPort, received.get(1).clientPort, "both exports over one kept connection");
  }

  @Test
  void configuredHeadersThatCannotBeSentAreLeftOutAndTheRestAreSent() throws IOException {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("X-Tenant", "t1");
    headers.put("X-Injected", "a\r\nX-Evil: 1"); // a percent-decoded %0D%0A in lantern.exporter.otlp.headers
    headers.put("Host", "elsewhere");
    headers.put("Bad Name", "v");
    headers.put("content-type", "application/x-protobuf; profile=test");
    OtlpHttpSpanExporter exporter = new OtlpHttpSpanExporter(endpoint(), headers, 5000, false, false);
    assertTrue(exporter.export(spans(1)).join(10, TimeUnit.SECONDS).isSuccess());
    Received request = received.get(0);
    assertEquals("t1", request.header);
    assertEquals(null, request.headers.getFirst("X-Injected"));
    assertEquals(null, request.headers.getFirst("X-Evil"));
    assertEquals("127.0.0.1:" + server.getAddress().getPort(), request.headers.getFirst("Host"));
    assertEquals(List.of("application/x-protobuf; profile=test"), request.headers.get("Content-Type"));
    assertEquals("its value holds a line break, a control character or a character outside Latin-1",
        OtlpHttpSpanExporter.headerProblem("X-Injected", "a\r\nb"));
    assertEquals("the exporter sets it", OtlpHttpSpanExporter.headerProblem("Content-Length", "1"));
    assertEquals("its name holds a character a header name cannot", OtlpHttpSpanExporter.headerProblem("Bad Name", "v"));
    assertEquals(null, OtlpHttpSpanExporter.headerProblem("Authorization", "Bearer \u00e9t\u00e9\t1"));
  }

  @Test
  void anEndpointBehindTheJvmsHttpProxyIsStillPostedThroughIt() throws IOException {
    // the loopback collector plays the proxy: HttpURLConnection sends it the absolute URL
    String[] keys = {"http.proxyHost", "http.proxyPort", "http.nonProxyHosts"};
    String[] saved = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      saved[i] = System.getProperty(keys[i]);
    }
    System.setProperty("http.proxyHost", "127.0.0.1");
    System.setProperty("http.proxyPort", Integer.toString(server.getAddress().getPort()));
    System.setProperty("http.nonProxyHosts", "");
    try {
      OtlpHttpSpanExporter exporter =
          new OtlpHttpSpanExporter("http://collector.invalid:4318/v1/traces", Map.of(), 5000, false, false);
      assertTrue(exporter.export(spans(2)).join(10, TimeUnit.SECONDS).isSuccess());
      assertEquals("http://collector.invalid:4318/v1/traces", received.get(0).requestTarget);
    } finally {
      for (int i = 0; i < keys.length; i++) {
        if (saved[i] == null) {
          System.clearProperty(keys[i]);
        } else {
          System.setProperty(keys[i], saved[i]);
        }
      }
    }
  }

  @Test
  void spansLeftOutOfAnExportAreReportedForThatExportOnly() throws IOException {
    OtlpHttpSpanExporter exporter = new OtlpHttpSpanExporter(endpoint(), Map.of(), 5000, false, false);
    List<SpanData> batch = new ArrayList<>(spans(3));
    batch.add(
        new io.opentelemetry.sdk.trace.data.DelegatingSpanData(spans(1).get(0)) {
          @Override
          public Attributes getAttributes() {
            throw new IllegalStateException("broken span data");
          }
        });
    assertTrue(exporter.export(batch).join(10, TimeUnit.SECONDS).isSuccess());
    assertEquals(1, exporter.skippedInLastExport());
    assertEquals(3, ExportTraceServiceRequest.parseFrom(received.get(0).body)
        .getResourceSpans(0).getScopeSpans(0).getSpansCount());
    assertTrue(exporter.export(spans(2)).join(10, TimeUnit.SECONDS).isSuccess());
    assertEquals(0, exporter.skippedInLastExport());
  }

  @Test
  void gzipCompressesTheWritersProtobuf() throws IOException {
    OtlpHttpSpanExporter exporter = new OtlpHttpSpanExporter(endpoint(), Map.of(), 5000, false, true);
    List<SpanData> spans = spans(20);
    assertTrue(exporter.export(spans).join(10, TimeUnit.SECONDS).isSuccess());
    Received request = received.get(0);
    assertEquals("gzip", request.contentEncoding);
    assertEquals(sdkRequest(spans), ExportTraceServiceRequest.parseFrom(gunzip(request.body)));
  }

  @Test
  void jsonStillUsesTheSdkMarshaler() throws IOException {
    OtlpHttpSpanExporter exporter = new OtlpHttpSpanExporter(endpoint(), Map.of(), 5000, true, false);
    assertTrue(exporter.export(spans(2)).join(10, TimeUnit.SECONDS).isSuccess());
    Received request = received.get(0);
    assertEquals("application/json", request.contentType);
    String json = new String(request.body, StandardCharsets.UTF_8);
    assertTrue(json.startsWith("{\"resourceSpans\":"), json);
    assertTrue(json.contains("\"name\":\"GET /orders/{id}\""), json);
  }

  @Test
  void aRefusingCollectorFailsTheExport() throws IOException {
    server.removeContext("/v1/traces");
    OtlpHttpSpanExporter exporter = new OtlpHttpSpanExporter(endpoint(), Map.of(), 5000, false, false);
    CompletableResultCode result = exporter.export(spans(1)).join(10, TimeUnit.SECONDS);
    assertFalse(result.isSuccess());
    assertTrue(String.valueOf(result.getFailureThrowable()).contains("HTTP 404"), String.valueOf(result.getFailureThrowable()));
  }

  private static ExportTraceServiceRequest sdkRequest(List<SpanData> spans) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(spans).writeBinaryTo(out);
    return ExportTraceServiceRequest.parseFrom(out.toByteArray());
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  private static List<SpanData> spans(int count) {
    Resource resource = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "orders"));
    InstrumentationScopeInfo scope = InstrumentationScopeInfo.create("dev.lantern.jdk-httpserver");
    List<SpanData> spans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      spans.add(
          TestSpanData.builder()
              .setHasEnded(true)
              .setName("GET /orders/{id}")
              .setKind(SpanKind.SERVER)
              .setSpanContext(
                  SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", String.format("%016x", i + 1), TraceFlags.getSampled(), TraceState.getDefault()))
              .setResource(resource)
              .setInstrumentationScopeInfo(scope)
              .setStartEpochNanos(1_700_000_000_000_000_000L + i)
              .setEndEpochNanos(1_700_000_000_500_000_000L + i)
              .setAttributes(
                  Attributes.builder()
                      .put("http.request.method", "GET")
                      .put("url.path", "/orders/" + i)
                      .put("http.response.status_code", 200L)
                      .build())
              .setTotalAttributeCount(3)
              .setStatus(StatusData.unset())
              .build());
    }
    return spans;
  }
}
