package dev.lantern.demo.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The whole demo: infrastructure first, then the three services, each in its own JVM under the
 * agent with its own service name and metrics port, then the traffic. {@link #stop()} takes it
 * down in the opposite order and is safe to call from a shutdown hook, once or many times.
 */
public final class Demo implements AutoCloseable {

  private static final Duration SERVICE_START = Duration.ofSeconds(120);
  private static final Duration SERVICE_STOP = Duration.ofSeconds(10);

  private final DemoSettings settings;
  private final Infrastructure infrastructure;
  private final List<ChildJvm> services = new ArrayList<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private DemoTraffic traffic;

  public Demo(DemoSettings settings) {
    this.settings = settings;
    this.infrastructure = new Infrastructure(settings);
  }

  public void start() {
    settings.requireBuilt();
    infrastructure.start();
    String bootstrap = infrastructure.bootstrap();
    String db = infrastructure.dbUrl();
    List<ChildJvm> starting =
        List.of(
            service("classifier", "dev.lantern.demo.classifier.ClassifierService", settings.classifierPort(),
                settings.classifierMetricsPort(),
                List.of("-Ddemo.kafka.bootstrap=" + bootstrap, "-Ddemo.db.url=" + db,
                    "-Ddemo.llm.url=" + infrastructure.llm().openAiBaseUrl(), "-Ddemo.llm.model=" + settings.model())),
            service("ingress", "dev.lantern.demo.ingress.IngressService", settings.ingressPort(),
                settings.ingressMetricsPort(), List.of("-Ddemo.kafka.bootstrap=" + bootstrap)),
            service("gateway", "dev.lantern.demo.gateway.GatewayService", settings.gatewayPort(),
                settings.gatewayMetricsPort(), List.of("-Ddemo.db.url=" + db)));
    services.addAll(starting);
    for (ChildJvm service : starting) {
      service.awaitReady(SERVICE_START);
    }
    traffic = new DemoTraffic(url(settings.ingressPort()), url(settings.gatewayPort()));
    traffic.start(settings.trafficIntervalMillis());
  }

  private ChildJvm service(String name, String mainClass, int port, int metricsPort, List<String> props) {
    List<String> jvm = new ArrayList<>(List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
        "-javaagent:" + settings.agentJar(),
        "-Dlantern.service.name=" + name,
        "-Dlantern.metrics.port=" + metricsPort,
        "-Dlantern.metrics.host=127.0.0.1",
        "-Ddemo.http.port=" + port));
    jvm.addAll(props);
    jvm.addAll(settings.serviceJvmArgs());
    return ChildJvm.start(name, jvm, settings.classpath(), mainClass, List.of(),
        Pattern.compile("READY " + name + " http=\\d+"));
  }

  public DemoSettings settings() {
    return settings;
  }

  /** What the guide prints: the infrastructure's addresses. */
  Infrastructure infrastructure() {
    return infrastructure;
  }

  /** Stops the traffic, the services (in parallel, each SIGTERM then kill), then the infrastructure. */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    if (traffic != null) {
      traffic.close();
    }
    CompletableFuture.allOf(
            services.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.stop(SERVICE_STOP)))
                .toArray(CompletableFuture[]::new))
        .join();
    infrastructure.close();
  }

  @Override
  public void close() {
    stop();
  }

  static String url(int port) {
    return "http://127.0.0.1:" + port;
  }
}
