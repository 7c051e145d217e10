package dev.lantern.testapps.jdkhttp;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.ForkedJvm;
import dev.lantern.testing.OtlpReceiver;
import java.util.regex.Pattern;

/** How the tests start {@link JdkHttpApp}: with Logback or with Log4j 2 behind SLF4J. */
final class Apps {

  static final String MAIN = JdkHttpApp.class.getName();

  /** Test-only jars stay off the app's class path so it looks like a real service's. */
  private static final String[] TEST_JARS = {
    "junit-", "apiguardian-", "opentest4j-", "lantern-test-support", "protobuf-",
    "opentelemetry-", "okhttp", "okio", "kotlin", "test-classes", "lantern-agent", "lantern-bootstrap"
  };

  private Apps() {}

  static String logbackClasspath() {
    return ForkedJvm.classpathOf(concat(TEST_JARS, "log4j-"));
  }

  static String log4j2Classpath() {
    return ForkedJvm.classpathOf(concat(TEST_JARS, "logback-"));
  }

  static AgentApp.Builder logback(OtlpReceiver otlp, String service) {
    return AgentApp.builder(MAIN).classpath(logbackClasspath()).receiver(otlp).serviceName(service);
  }

  static AgentApp.Builder log4j2(OtlpReceiver otlp, String service) {
    return AgentApp.builder(MAIN).classpath(log4j2Classpath()).receiver(otlp).serviceName(service);
  }

  /** The log line the app printed for a message, or an AssertionError listing what it printed. */
  static String logLine(AgentApp app, String message) {
    Pattern pattern = Pattern.compile("^LOG .* msg=" + Pattern.quote(message) + "$");
    return app.jvm().awaitLine(pattern, java.time.Duration.ofSeconds(10));
  }

  private static String[] concat(String[] a, String b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
