package dev.lantern.agent.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.db.TestRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A URL of any length costs a span at most 8,192 characters per URL attribute, redacted first. */
class UrlLengthLimitTest {

  private static final String HUGE = "a".repeat(300_000);

  @BeforeEach
  void setUp() {
    TestRuntime.install();
    TestRuntime.SPANS.reset();
  }

  @Test
  void serverPathAndQueryAreCut() {
    HttpServerTelemetry<Map<String, String>> telemetry = HttpServerTelemetry.create("test-server", new MapServerRequest());
    Map<String, String> request = Map.of("path", "/x/" + HUGE, "query", "token=" + HUGE + "&q=" + HUGE);
    HttpServerCall call = telemetry.start(request);
    telemetry.end(call, 200, null);
    call.closeScope(); // as the instrumentations do: the span must not stay current for the next test
    SpanData span = TestRuntime.SPANS.getFinishedSpanItems().get(0);
    String path = span.getAttributes().get(AttributeKey.stringKey("url.path"));
    String query = span.getAttributes().get(AttributeKey.stringKey("url.query"));
    assertEquals(8192, path.length());
    assertEquals(8192, query.length());
    assertTrue(query.startsWith("token=REDACTED&q=aaa"), query.substring(0, 40));
  }

  @Test
  void clientUrlIsCut() {
    HttpClientTelemetry<String> telemetry = HttpClientTelemetry.create("test-client", new UrlRequest());
    HttpClientCall call = telemetry.start("http://h/x?secret=" + HUGE + "&q=" + HUGE);
    telemetry.end(call, 200, null);
    call.closeScope();
    SpanData span = TestRuntime.SPANS.getFinishedSpanItems().get(0);
    String url = span.getAttributes().get(AttributeKey.stringKey("url.full"));
    assertEquals(8192, url.length());
    assertTrue(url.startsWith("http://h/x?secret=REDACTED&q=aaa"), url.substring(0, 40));
  }

  /** A request as its URL. */
  private static final class UrlRequest implements HttpClientRequestAdapter<String> {
    @Override
    public String method(String url) {
      return "GET";
    }

    @Override
    public String url(String url) {
      return url;
    }

    @Override
    public String serverAddress(String url) {
      return "h";
    }

    @Override
    public int serverPort(String url) {
      return 80;
    }
  }
}
