package dev.lantern.testapps.llm;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.ForkedJvm;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.ReceivedSpan;
import dev.lantern.testing.llm.LlmServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How the tests start {@link LlmApp} and read what it did. */
final class LlmApps {

  static final Duration WAIT = Duration.ofSeconds(20);

  /** Test-only jars stay off the app's class path so it looks like a real service's. */
  private static final String[] TEST_JARS = {
    "junit-", "apiguardian-", "opentest4j-", "lantern-test-support", "lantern-llm-server", "protobuf-",
    "opentelemetry-proto", "test-classes", "lantern-agent", "lantern-bootstrap"
  };

  private LlmApps() {}

  static AgentApp.Builder builder(OtlpReceiver otlp, LlmServer llm, String service) {
    return AgentApp.builder(LlmApp.class.getName())
        .classpath(ForkedJvm.classpathOf(TEST_JARS))
        .receiver(otlp)
        .serviceName(service)
        .sysProp("app.llm", "http://127.0.0.1:" + llm.port());
  }

  /** Runs one scenario; the body is the app's description of what the SDK returned or threw. */
  static String call(AgentApp app, String scenario, String fault) {
    String url = app.url("/llm/" + scenario);
    if (fault != null) {
      url += "?fault=" + URLEncoder.encode(fault, StandardCharsets.UTF_8);
    }
    HttpResult result = Http.get(url, Map.of(), Duration.ofSeconds(60));
    result.requireStatus(200);
    return result.body();
  }

  /** The SERVER span of the request that ran a scenario, by the scenario's URL path. */
  static ReceivedSpan serverSpan(OtlpReceiver otlp, List<ReceivedSpan> spans, String scenario) {
    return spans.stream()
        .filter(s -> s.kind().equals("SERVER") && ("/llm/" + scenario).equals(s.attr("url.path")))
        .reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError("no server span for " + scenario + "\n" + otlp.describe()));
  }

  static List<ReceivedSpan> genAiSpans(List<ReceivedSpan> spans) {
    return spans.stream().filter(s -> s.attr("gen_ai.operation.name") != null).collect(Collectors.toList());
  }
}
