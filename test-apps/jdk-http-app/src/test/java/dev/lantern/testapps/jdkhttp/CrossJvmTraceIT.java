package dev.lantern.testapps.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.ForkedJvm;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two services in two JVMs, A ("orders", Logback) calling B ("inventory", Log4j 2): one trace with
 * A's server span, A's client span and B's server span, and one correlation ID in both services'
 * log lines. Run on JDK 17 and on JDK 25.
 */
class CrossJvmTraceIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @ParameterizedTest(name = "JDK {0}, {1}")
  @ValueSource(ints = {17, 25})
  void oneTraceAndOneCorrelationIdAcrossTwoJvms(int jdk) {
    Path javaHome = ForkedJvm.javaHome(jdk);
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp inventory = Apps.log4j2(otlp, "inventory").javaHome(javaHome).start();
        AgentApp orders =
            Apps.logback(otlp, "orders")
                .javaHome(javaHome)
                .sysProp("app.downstream", "http://127.0.0.1:" + inventory.port())
                .start()) {
      for (String path : List.of("/call", "/call-async")) {
        otlp.clear();
        HttpResult response = Http.get(orders.url(path)).requireStatus(200);
        String correlationId = response.header("X-Correlation-ID");
        assertNotNull(correlationId, "A generated a correlation ID");

        List<ReceivedSpan> spans = otlp.awaitSpanCount(3, WAIT);
        ReceivedSpan aServer = only(spans, "orders", "SERVER");
        ReceivedSpan aClient = only(spans, "orders", "CLIENT");
        ReceivedSpan bServer = only(spans, "inventory", "SERVER");
        assertEquals("GET " + path, aServer.name());
        assertEquals("GET /headers", bServer.name());
        assertTrue(aServer.isRoot());
        assertEquals(aServer.traceId(), aClient.traceId());
        assertEquals(aServer.traceId(), bServer.traceId());
        assertEquals(aServer.spanId(), aClient.parentSpanId());
        assertEquals(aClient.spanId(), bServer.parentSpanId());
        assertEquals(correlationId, aServer.attr("lantern.correlation_id"));
        assertEquals(correlationId, bServer.attr("lantern.correlation_id"));
        assertEquals(String.valueOf(jdk), String.valueOf(aServer.resource().get("process.runtime.version")).split("[.+]")[0]);

        String seenByB = response.body();
        assertTrue(seenByB.contains("x-correlation-id: " + correlationId), seenByB);
        assertTrue(seenByB.contains("baggage: correlation_id=" + correlationId), seenByB);
        assertTrue(seenByB.contains("traceparent: 00-" + aServer.traceId() + "-" + aClient.spanId()), seenByB);

        String message = path.equals("/call") ? "called downstream, status 200" : "called downstream asynchronously, status 200";
        String aLine = orders.jvm().awaitLine(logLine("logback", correlationId, message), WAIT);
        assertTrue(aLine.contains("trace_id=" + aServer.traceId() + " span_id=" + aServer.spanId()), aLine);
        String bLine = inventory.jvm().awaitLine(logLine("log4j2", correlationId, "handling headers"), WAIT);
        assertTrue(bLine.contains("trace_id=" + bServer.traceId() + " span_id=" + bServer.spanId()), bLine);
        assertNotEquals(aServer.spanId(), bServer.spanId());
      }
      for (AgentApp app : List.of(orders, inventory)) {
        assertTrue(app.agentWarnings().isEmpty(), app.agentWarnings().toString());
        // nothing but the agent's own lines on stderr: no JVM warnings caused by the agent
        assertTrue(
            app.jvm().stderr().stream().allMatch(l -> l.contains("[lantern]")),
            "stderr on JDK " + jdk + ": " + app.jvm().stderr());
      }
    }
  }

  private static Pattern logLine(String backend, String correlationId, String message) {
    return Pattern.compile(
        "^LOG backend=" + backend + " .*correlation_id=" + Pattern.quote(correlationId) + " msg="
            + Pattern.quote(message) + "$");
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, String service, String kind) {
    List<ReceivedSpan> matching =
        spans.stream()
            .filter(s -> service.equals(s.resource().get("service.name")) && kind.equals(s.kind()))
            .toList();
    assertEquals(1, matching.size(), service + " " + kind + " in " + spans);
    return matching.get(0);
  }
}
