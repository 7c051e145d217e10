package dev.lantern.testapps.jetty;

import testapp.jetty.JettyApp;
import dev.lantern.testing.AgentApp;
import dev.lantern.testing.ForkedJvm;
import dev.lantern.testing.OtlpReceiver;
import java.time.Duration;
import java.util.regex.Pattern;

/** How the tests start {@link JettyApp} under the agent. */
final class JettyApps {

  static final Duration WAIT = Duration.ofSeconds(20);

  private static final String[] TEST_JARS = {
    "junit-", "apiguardian-", "opentest4j-", "lantern-test-support", "protobuf-",
    "opentelemetry-", "test-classes", "lantern-agent", "lantern-bootstrap"
  };

  private JettyApps() {}

  static AgentApp.Builder builder(OtlpReceiver otlp, String service) {
    return AgentApp.builder(JettyApp.class.getName())
        .classpath(ForkedJvm.classpathOf(TEST_JARS))
        .receiver(otlp)
        .serviceName(service);
  }

  static String logLine(AgentApp app, String traceId, String message) {
    return app.jvm()
        .awaitLine(
            Pattern.compile("^LOG trace_id=" + traceId + " .* msg=" + Pattern.quote(message) + "$"), WAIT);
  }
}
