package dev.lantern.testapps.springboot;

import testapp.springboot.SpringBootApp;
import dev.lantern.testing.AgentApp;
import dev.lantern.testing.ForkedJvm;
import dev.lantern.testing.OtlpReceiver;
import java.time.Duration;
import java.util.regex.Pattern;

/** How the tests start {@link SpringBootApp}: its own class path, under the agent. */
final class SpringBootApps {

  static final Duration WAIT = Duration.ofSeconds(20);

  /** Test-only jars stay off the app's class path so it looks like a real service's. */
  private static final String[] TEST_JARS = {
    "junit-", "apiguardian-", "opentest4j-", "lantern-test-support", "protobuf-",
    "opentelemetry-", "test-classes", "lantern-agent", "lantern-bootstrap"
  };

  private SpringBootApps() {}

  static AgentApp.Builder builder(OtlpReceiver otlp, String service) {
    return AgentApp.builder(SpringBootApp.class.getName())
        .classpath(ForkedJvm.classpathOf(TEST_JARS))
        .receiver(otlp)
        .serviceName(service);
  }

  /** The first log line of the app with this message in this trace. */
  static String logLine(AgentApp app, String traceId, String message) {
    return app.jvm()
        .awaitLine(
            Pattern.compile("^LOG trace_id=" + traceId + " .* msg=" + Pattern.quote(message) + "$"), WAIT);
  }

  /** The first log line of the app with this message. */
  static String logLine(AgentApp app, String message) {
    return app.jvm().awaitLine(Pattern.compile("^LOG .* msg=" + Pattern.quote(message) + "$"), WAIT);
  }
}
