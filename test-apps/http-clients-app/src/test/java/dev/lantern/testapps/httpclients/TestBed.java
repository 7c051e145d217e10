package dev.lantern.testapps.httpclients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.ReceivedSpan;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One OTLP receiver, the downstream service ("downstream") and the calling app ("caller"), each in
 * a JVM of its own under the agent; callers are started per class path on first use and kept.
 */
final class TestBed implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String CALLER = "caller";
  static final String DOWNSTREAM = "downstream";
  private static final Pattern TRACEPARENT =
      Pattern.compile("(?m)^traceparent: 00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$");

  final OtlpReceiver otlp = OtlpReceiver.start();
  final AgentApp downstream;
  private final Map<ClientVersion, AgentApp> callers = new EnumMap<>(ClientVersion.class);

  TestBed() {
    downstream = AgentApp.builder(DownstreamService.class.getName())
        .classpath(ClientVersion.DEFAULT.classpath()).receiver(otlp).serviceName(DOWNSTREAM).start();
  }

  synchronized AgentApp caller(ClientVersion version) {
    return callers.computeIfAbsent(version, v -> startCaller(v, b -> {}));
  }

  /** A caller of its own, e.g. with an instrumentation switched off; the test closes it. */
  AgentApp startCaller(ClientVersion version, Consumer<AgentApp.Builder> customizer) {
    AgentApp.Builder builder = AgentApp.builder(HttpClientsApp.class.getName())
        .classpath(version.classpath())
        .receiver(otlp)
        .serviceName(CALLER)
        .sysProp("app.downstream", "http://127.0.0.1:" + downstream.port());
    customizer.accept(builder);
    return builder.start();
  }

  int downstreamPort() {
    return downstream.port();
  }

  /** GET {@code /call} on the caller; the parameters are URL-encoded. */
  static HttpResult call(AgentApp caller, Map<String, String> params, Map<String, String> headers) {
    String query = params.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return Http.get(caller.url("/call?" + query), headers, Duration.ofSeconds(60)).requireStatus(200);
  }

  /** {trace id, parent span id} of the traceparent the downstream service received, or null. */
  static String[] receivedTraceparent(String body) {
    Matcher m = TRACEPARENT.matcher(body);
    return m.find() ? new String[] {m.group(1), m.group(2)} : null;
  }

  /**
   * The caller's SERVER span for this trace, with everything the caller exported before it (its
   * client spans end first, and spans are exported in the order they end), plus what {@code
   * extraDownstreamServers} more downstream SERVER spans are awaited.
   */
  List<ReceivedSpan> awaitTrace(String traceId, int downstreamServers, int clients) {
    return otlp.awaitSpans("trace " + traceId + " with the caller's SERVER span, " + clients
            + " CLIENT span(s) and " + downstreamServers + " downstream SERVER span(s)",
        spans -> {
          List<ReceivedSpan> trace = spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
          return trace.stream().anyMatch(s -> isFrom(s, CALLER) && s.kind().equals("SERVER"))
              && trace.stream().filter(s -> s.kind().equals("CLIENT")).count() >= clients
              && trace.stream().filter(s -> isFrom(s, DOWNSTREAM) && s.kind().equals("SERVER")).count()
                  >= downstreamServers;
        }, WAIT).stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  static boolean isFrom(ReceivedSpan span, String service) {
    return service.equals(span.resource().get("service.name"));
  }

  static ReceivedSpan only(List<ReceivedSpan> spans, String service, String kind) {
    List<ReceivedSpan> matching =
        spans.stream().filter(s -> isFrom(s, service) && s.kind().equals(kind)).toList();
    assertEquals(1, matching.size(), service + " " + kind + " in " + spans);
    return matching.get(0);
  }

  @Override
  public void close() {
    callers.values().forEach(AgentApp::close);
    downstream.close();
    otlp.close();
  }
}
