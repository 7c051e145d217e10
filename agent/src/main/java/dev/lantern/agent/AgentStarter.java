package dev.lantern.agent;

import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.LanternThread;
import dev.lantern.agent.config.AgentSettings;
import dev.lantern.agent.config.ConfigKeys;
import dev.lantern.agent.config.LanternConfig;
import dev.lantern.agent.install.AgentInstaller;
import dev.lantern.agent.logging.AgentLogging;
import dev.lantern.agent.metrics.MetricsServer;
import dev.lantern.agent.metrics.ReadinessReport;
import dev.lantern.agent.metrics.SelfMetrics;
import dev.lantern.agent.trace.TracingSetup;
import dev.lantern.bootstrap.AgentClassLoader;
import io.prometheus.client.exemplars.ExemplarConfig;
import io.prometheus.client.hotspot.DefaultExports;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the agent inside its own class loader: configuration, logging, tracing, the runtime the
 * instrumentations use, the transformer, and (on an agent thread, off the start-up path) the
 * metrics server. Any failure is logged and the application starts without the agent.
 */
public final class AgentStarter {

  private AgentStarter() {}

  public static void start(
      Instrumentation inst,
      String args,
      AgentClassLoader agentClassLoader,
      long startNanos,
      boolean attached) {
    // ByteBuddy must not touch sun.misc.Unsafe: on JDK 24+ that prints a warning into the
    // application's output. The key is relocated along with ByteBuddy, so it is ours alone.
    System.setProperty(net.bytebuddy.dynamic.loading.ClassInjector.UsingUnsafe.SAFE_PROPERTY, "true");
    List<String> earlyWarnings = new ArrayList<>();
    LanternConfig config = LanternConfig.fromSystem(earlyWarnings::add);
    AgentSettings settings = AgentSettings.from(config);
    AgentLogging.setLevel(settings.logLevel);
    Logger log = LoggerFactory.getLogger(AgentStarter.class);
    config.setWarnings(log::warn);
    earlyWarnings.forEach(log::warn);
    if (args != null && !args.trim().isEmpty()) {
      log.warn("Agent arguments \"{}\" are ignored; configure Lantern with -Dlantern.* system"
          + " properties, LANTERN_* environment variables or lantern.config.file.", args);
    }
    try {
      startAgent(inst, config, settings, agentClassLoader, startNanos, attached, log);
    } catch (Throwable t) {
      log.error("The agent could not start; the application runs without it: {}", t.toString());
      log.debug("Start-up failure", t);
    }
  }

  private static void startAgent(
      Instrumentation inst,
      LanternConfig config,
      AgentSettings settings,
      AgentClassLoader agentClassLoader,
      long startNanos,
      boolean attached,
      Logger log)
      throws Exception {
    StartupTimer timer = new StartupTimer(startNanos, log);
    List<InstrumentationModule> modules = new ArrayList<>();
    for (InstrumentationModule module :
        ServiceLoader.load(InstrumentationModule.class, agentClassLoader)) {
      modules.add(module);
    }
    Set<String> moduleNames = new TreeSet<>();
    Set<String> knownKeys = new LinkedHashSet<>(ConfigKeys.DESCRIPTIONS.keySet());
    knownKeys.addAll(ConfigKeys.INTERNAL);
    for (InstrumentationModule module : modules) {
      moduleNames.add(module.name());
      knownKeys.add(ConfigKeys.instrumentationEnabledKey(module.name()));
      knownKeys.addAll(module.configKeys());
    }
    config.warnUnknownKeys(knownKeys, moduleNames);
    timer.mark("configuration and module discovery");

    List<InstrumentationModule> enabled = new ArrayList<>();
    Set<String> on = new TreeSet<>();
    Set<String> off = new TreeSet<>();
    for (InstrumentationModule module : modules) {
      if (config.isInstrumentationEnabled(module.name(), module.enabledByDefault())) {
        enabled.add(module);
        on.add(module.name());
      } else {
        off.add(module.name());
      }
    }

    ExemplarConfig.disableExemplars();
    TracingSetup tracing = new TracingSetup(settings);
    AgentRuntime.install(config, tracing.openTelemetry(), settings.correlation);
    timer.mark("tracing");
    SelfMetrics selfMetrics = new SelfMetrics();
    for (InstrumentationModule module : modules) {
      selfMetrics.instrumentation(module.name(), on.contains(module.name()));
    }
    timer.mark("self metrics");
    new AgentInstaller(inst, agentClassLoader, selfMetrics)
        .install(enabled, new AdviceErrorHandler(selfMetrics));
    timer.mark("transformer installation");

    Runtime.getRuntime()
        .addShutdownHook(
            new LanternThread(
                "shutdown",
                () -> tracing.tracerProvider().shutdown().join(5, TimeUnit.SECONDS)));

    if (settings.metricsPort > 0) {
      ReadinessReport readiness =
          new ReadinessReport(
              AgentRuntime.VERSION, settings.serviceName, tracing.health(), tracing.processor());
      new LanternThread(
              "metrics-start",
              () -> {
                MetricsServer.start(
                    settings.metricsHost, settings.metricsPort, AgentRuntime.registry(), readiness);
                if (settings.jvmMetrics) {
                  DefaultExports.register(AgentRuntime.registry());
                }
              })
          .start();
    }

    double startupSeconds = (System.nanoTime() - startNanos) / 1e9;
    selfMetrics.info(AgentRuntime.VERSION, startupSeconds, settings.resourceAttributes);
    log.info(
        "Lantern {} started in {} ms{}: service={}, instrumentations on={} off={}, metrics={},"
            + " traces={}, sampler={}",
        AgentRuntime.VERSION,
        Math.round(startupSeconds * 1000),
        attached ? " (attached)" : "",
        settings.serviceName,
        on,
        off,
        settings.metricsPort > 0 ? settings.metricsUrl() : "off",
        settings.exporter.equals("otlp")
            ? "otlp " + settings.otlpEndpoint + " (" + settings.otlpProtocol + ")"
            : settings.exporter,
        settings.sampler);
  }
}
