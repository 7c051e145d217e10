package dev.lantern.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The benchmark's sink counts exactly the spans of OTLP requests, whatever else they carry. */
class SpanCountingSinkTest {

  @Test
  void countsTheSpansOfEveryScopeOfEveryResource() {
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(resource("checkout", scope("http", 3), scope("jdbc", 2)))
            .addResourceSpans(resource("pricing", scope("kafka", 1)))
            .addResourceSpans(resource("empty"))
            .build();
    byte[] bytes = request.toByteArray();
    assertEquals(6, SpanCountingSink.countSpans(bytes, 0, bytes.length));
    assertEquals(0, SpanCountingSink.countSpans(new byte[0], 0, 0));
  }

  @Test
  void aTruncatedRequestIsAnErrorNotACount() {
    byte[] bytes =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(resource("checkout", scope("http", 3)))
            .build()
            .toByteArray();
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 5);
    assertThrows(IllegalArgumentException.class, () -> SpanCountingSink.countSpans(cut, 0, cut.length));
  }

  @Test
  void countsWhatIsPostedAndAnswers200() throws Exception {
    try (SpanCountingSink sink = new SpanCountingSink()) {
      byte[] body =
          ExportTraceServiceRequest.newBuilder()
              .addResourceSpans(resource("checkout", scope("http", 4)))
              .build()
              .toByteArray();
      for (int i = 0; i < 2; i++) {
        HttpURLConnection c = (HttpURLConnection) new URL(sink.endpoint() + "/v1/traces").openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/x-protobuf");
        try (OutputStream out = c.getOutputStream()) {
          out.write(body);
        }
        assertEquals(200, c.getResponseCode());
      }
      assertEquals(8, sink.spans());
      assertEquals(0, sink.malformedRequests());
      sink.clear();
      assertEquals(0, sink.spans());
    }
  }

  private static ResourceSpans resource(String service, ScopeSpans... scopes) {
    ResourceSpans.Builder builder =
        ResourceSpans.newBuilder()
            .setResource(
                Resource.newBuilder()
                    .addAttributes(
                        KeyValue.newBuilder()
                            .setKey("service.name")
                            .setValue(AnyValue.newBuilder().setStringValue(service))))
            .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0");
    for (ScopeSpans scope : scopes) {
      builder.addScopeSpans(scope);
    }
    return builder.build();
  }

  private static ScopeSpans scope(String name, int spans) {
    ScopeSpans.Builder builder =
        ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(name).setVersion("1.0"));
    for (int i = 0; i < spans; i++) {
      builder.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(new byte[16]))
              .setSpanId(ByteString.copyFrom(new byte[8]))
              .setName("GET /checkout")
              .setStartTimeUnixNano(1L)
              .setEndTimeUnixNano(2L)
              .addAttributes(
                  KeyValue.newBuilder().setKey("n").setValue(AnyValue.newBuilder().setIntValue(i))));
    }
    return builder.build();
  }
}
