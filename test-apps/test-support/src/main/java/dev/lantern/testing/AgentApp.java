package dev.lantern.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A test application started in its own JVM under the Lantern agent, wired to an {@link
 * OtlpReceiver} and a free metrics port, and waited for until it prints its ready line ({@code
 * APP_READY port=<n>} by default). Test apps of every library use it the same way:
 *
 * <pre>{@code
 * try (AgentApp app = AgentApp.builder("dev.lantern.testapps.jdkhttp.JdkHttpApp")
 *     .classpath(ForkedJvm.classpathOf("log4j-")).receiver(otlp).serviceName("orders").start()) {
 *   Http.get(app.url("/hello"));
 *   otlp.awaitSpanNamed("GET /hello", Duration.ofSeconds(10));
 *   app.scrape().value("http_server_request_duration_seconds_count", Map.of(...));
 * }
 * }</pre>
 */
public final class AgentApp implements AutoCloseable {

  public static final Pattern DEFAULT_READY = Pattern.compile("APP_READY port=(\\d+)");
  /**
   * The agent's start-up line, printed once its instrumentation and metrics port are in place (at
   * debug level the logger's name comes before the message).
   */
  public static final Pattern AGENT_STARTED =
      Pattern.compile(".*\\[lantern\\] INFO (AgentStarter )?Lantern \\S+ started.*");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final ForkedJvm jvm;
  private final int port;
  private final int metricsPort;

  private AgentApp(ForkedJvm jvm, int port, int metricsPort) {
    this.jvm = jvm;
    this.port = port;
    this.metricsPort = metricsPort;
  }

  public static Builder builder(String mainClass) {
    return new Builder(mainClass);
  }

  /** The port from the ready line, or -1 when the pattern had no group. */
  public int port() {
    return port;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** The agent's metrics port, or 0 when it is off. */
  public int metricsPort() {
    return metricsPort;
  }

  public String metricsUrl(String path) {
    return "http://127.0.0.1:" + metricsPort + path;
  }

  public PrometheusScrape scrape() {
    return PrometheusScrape.scrape(metricsUrl("/metrics"));
  }

  public ForkedJvm jvm() {
    return jvm;
  }

  /** Lines the agent printed (they carry the {@code [lantern]} prefix). */
  public List<String> agentLines() {
    return jvm.output().stream().filter(l -> l.contains("[lantern]")).collect(Collectors.toList());
  }

  /** Agent lines at WARN level. */
  public List<String> agentWarnings() {
    return agentLines().stream().filter(l -> l.contains("[lantern] WARN")).collect(Collectors.toList());
  }

  @Override
  public void close() {
    jvm.close();
  }

  /** What to start; the receiver, service name and metrics port have test-friendly defaults. */
  public static final class Builder {
    private final String mainClass;
    private final ForkedJvm.Builder jvm = ForkedJvm.builder();
    private final Map<String, String> sysProps = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();
    private Path agentJar = ForkedJvm.agentJar();
    private Pattern ready = DEFAULT_READY;
    private boolean metrics = true;
    private int metricsPort;

    private Builder(String mainClass) {
      this.mainClass = Objects.requireNonNull(mainClass);
      jvm.mainClass(mainClass);
      sysProps.put("lantern.traces.export.delay-ms", "100");
      sysProps.put("lantern.exporter.otlp.timeout-ms", "2000");
    }

    public Builder classpath(String classpath) {
      jvm.classpath(classpath);
      return this;
    }

    /** Spans go to this receiver over OTLP/HTTP. */
    public Builder receiver(OtlpReceiver receiver) {
      sysProps.put("lantern.exporter.otlp.endpoint", receiver.endpoint());
      return this;
    }

    public Builder serviceName(String name) {
      sysProps.put("lantern.service.name", name);
      jvm.name(name);
      return this;
    }

    public Builder sysProp(String key, String value) {
      if (value == null) {
        sysProps.remove(key);
      } else {
        sysProps.put(key, value);
      }
      return this;
    }

    public Builder env(String key, String value) {
      jvm.env(key, value);
      return this;
    }

    public Builder jvmArg(String arg) {
      jvm.jvmArg(arg);
      return this;
    }

    public Builder arg(String arg) {
      args.add(arg);
      return this;
    }

    public Builder javaHome(Path javaHome) {
      jvm.javaHome(javaHome);
      return this;
    }

    public Builder name(String name) {
      jvm.name(name);
      return this;
    }

    /** Runs the application without the agent (for comparisons). */
    public Builder withoutAgent() {
      this.agentJar = null;
      this.metrics = false;
      return this;
    }

    /** Leaves {@code lantern.metrics.port} to the test (e.g. to test a taken or invalid port). */
    public Builder metricsPortManagedByTest() {
      this.metrics = false;
      return this;
    }

    public Builder readyLine(Pattern pattern) {
      this.ready = pattern;
      return this;
    }

    public AgentApp start() {
      if (metrics) {
        metricsPort = Ports.freePort();
        sysProps.put("lantern.metrics.port", Integer.toString(metricsPort));
        sysProps.put("lantern.metrics.host", "127.0.0.1");
      }
      jvm.agentJar(agentJar);
      sysProps.forEach(jvm::sysProp);
      args.forEach(jvm::arg);
      ForkedJvm started = jvm.start();
      try {
        String line = started.awaitLine(ready, START_TIMEOUT);
        Matcher m = ready.matcher(line);
        int appPort = m.find() && m.groupCount() >= 1 ? Integer.parseInt(m.group(1)) : -1;
        if (agentJar != null) {
          started.awaitLine(AGENT_STARTED, START_TIMEOUT);
        }
        if (metrics) {
          Ports.awaitListening(metricsPort, Duration.ofSeconds(20));
        }
        return new AgentApp(started, appPort, metrics ? metricsPort : 0);
      } catch (RuntimeException | Error e) {
        started.close();
        throw e;
      }
    }
  }
}
