package dev.lantern.agent;

import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.LanternThread;
import dev.lantern.agent.api.health.DependencyHealth;
import dev.lantern.agent.api.log.AgentLoggers;
import dev.lantern.agent.api.metrics.AgentMetrics;
import dev.lantern.agent.config.AgentSettings;
import dev.lantern.agent.config.ConfigKeys;
import dev.lantern.agent.config.LanternConfig;
import dev.lantern.agent.install.LanternTransformer;
import dev.lantern.agent.install.Retransformer;
import dev.lantern.agent.install.TransformListener;
import dev.lantern.agent.install.Weaving;
import dev.lantern.agent.logging.AgentLogging;
import dev.lantern.agent.logging.LanternLoggerProvider;
import dev.lantern.agent.metrics.DependencyCollector;
import dev.lantern.agent.metrics.DependencyReport;
import dev.lantern.agent.metrics.MetricsServer;
import dev.lantern.agent.metrics.ReadinessReport;
import dev.lantern.agent.metrics.SelfMetrics;
import dev.lantern.agent.trace.CurrentSpanExemplars;
import dev.lantern.agent.trace.TracingSetup;
import dev.lantern.bootstrap.AgentClassLoader;
import io.prometheus.client.exemplars.DefaultExemplarSampler;
import io.prometheus.client.exemplars.ExemplarConfig;
import io.prometheus.client.hotspot.DefaultExports;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Starts the agent inside its own class loader, in two parts.
 *
 * <p>Premain (the application waits for it): read the configuration, find the instrumentation
 * modules, register the {@link LanternTransformer}. Nothing heavy is loaded here: no ASM, no
 * OpenTelemetry SDK.
 *
 * <p>Then, on an agent thread while the application starts: the tracer provider and exporter, the
 * runtime the instrumentations use, the weaving (ASM), the retransformation of matching
 * classes loaded meanwhile, and the metrics server. Types an instrumentation must see at load
 * wait for this; everything else runs on. Any failure is logged and the application runs without
 * the agent (or the part that failed).
 */
public final class AgentStarter {

  private AgentStarter() {}

  public static void start(
      Instrumentation inst,
      String args,
      AgentClassLoader agentClassLoader,
      long startNanos,
      boolean attached) {
    AgentLoggers.install(new LanternLoggerProvider());
    ConfigWarnings warnings = new ConfigWarnings();
    LanternConfig config = LanternConfig.fromSystem(warnings);
    AgentSettings settings = AgentSettings.from(config);
    AgentLogging.setLevel(settings.logLevel);
    Logger log = AgentLoggers.get(AgentStarter.class);
    warnings.logTo(log);
    if (args != null && !args.trim().isEmpty()) {
      log.warn("Agent arguments \"{}\" are ignored; configure Lantern with -Dlantern.* system"
          + " properties, LANTERN_* environment variables or lantern.config.file.", args);
    }
    try {
      Startup startup =
          new Startup(inst, config, settings, agentClassLoader, startNanos, attached, log, warnings);
      startup.premain();
      new LanternThread("start", startup).start();
    } catch (Throwable t) {
      log.error("The agent could not start; the application runs without it: {}", t.toString());
      log.debug("Start-up failure", t);
    }
  }

  /**
   * Configuration warnings: kept until the log level is known, then logged. (A class rather than
   * method references: each lambda costs a class spin on the application's main thread.)
   */
  private static final class ConfigWarnings implements Consumer<String> {
    private final List<String> early = new ArrayList<>();
    private Logger log;

    @Override
    public synchronized void accept(String warning) {
      if (log != null) {
        log.warn(warning);
      } else {
        early.add(warning);
      }
    }

    synchronized void logTo(Logger logger) {
      log = logger;
      for (String warning : early) {
        logger.warn(warning);
      }
      early.clear();
    }
  }

  /** The state shared by the two parts of the start-up; runs the second part as a task. */
  private static final class Startup implements Runnable {
    private final Instrumentation inst;
    private final LanternConfig config;
    private final AgentSettings settings;
    private final AgentClassLoader agentClassLoader;
    private final long startNanos;
    private final boolean attached;
    private final Logger log;
    private final Consumer<String> warnings;
    private final List<ModuleIndex.Entry> modules = new ArrayList<>();
    private final List<ModuleIndex.Entry> enabled = new ArrayList<>();
    private final Set<String> on = new TreeSet<>();
    private final Set<String> off = new TreeSet<>();
    private LanternTransformer transformer;
    private long premainNanos;

    Startup(
        Instrumentation inst,
        LanternConfig config,
        AgentSettings settings,
        AgentClassLoader agentClassLoader,
        long startNanos,
        boolean attached,
        Logger log,
        Consumer<String> warnings) {
      this.inst = inst;
      this.config = config;
      this.settings = settings;
      this.agentClassLoader = agentClassLoader;
      this.startNanos = startNanos;
      this.attached = attached;
      this.log = log;
      this.warnings = warnings;
    }

    void premain() {
      long phase = logPhase("premain: class loader, configuration and logging", startNanos);
      try {
        modules.addAll(discoverModules());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Set<String> moduleNames = new TreeSet<>();
      Set<String> knownKeys = new LinkedHashSet<>(ConfigKeys.DESCRIPTIONS.keySet());
      knownKeys.addAll(ConfigKeys.INTERNAL);
      for (ModuleIndex.Entry module : modules) {
        moduleNames.add(module.name);
        knownKeys.add(ConfigKeys.instrumentationEnabledKey(module.name));
        knownKeys.addAll(module.configKeys);
      }
      config.warnUnknownKeys(knownKeys, moduleNames);
      phase = logPhase("premain: " + modules.size() + " instrumentation modules discovered", phase);

      Set<String> typesToAwait = new HashSet<>();
      for (ModuleIndex.Entry module : modules) {
        if (config.isInstrumentationEnabled(
            module.name, module.enabledWhenUnset(config, agentClassLoader, warnings))) {
          enabled.add(module);
          on.add(module.name);
          // names only: building type instrumentations here would load the matchers
          // on the application's main thread
          for (String name : module.typesToAwait) {
            typesToAwait.add(name.replace('.', '/'));
          }
        } else {
          off.add(module.name);
        }
      }
      transformer = new LanternTransformer(typesToAwait);
      inst.addTransformer(transformer, true);
      logPhase("premain: transformer registered", phase);
      premainNanos = System.nanoTime() - startNanos;
    }

    /**
     * The modules the agent jar lists, from its module index when that is current (no module class
     * is loaded), else loaded from the service file.
     */
    private List<ModuleIndex.Entry> discoverModules() throws java.io.IOException {
      java.net.URL serviceFile = agentClassLoader.findAgentResource(InstrumentationModules.SERVICE_FILE);
      java.net.URL indexFile = agentClassLoader.findAgentResource(ModuleIndex.RESOURCE);
      if (serviceFile != null && indexFile != null) {
        Set<String> listed;
        try (java.io.InputStream in = serviceFile.openStream()) {
          listed = InstrumentationModules.classNames(in);
        }
        List<ModuleIndex.Entry> index;
        try (java.io.InputStream in = indexFile.openStream()) {
          index = ModuleIndex.ifCurrent(ModuleIndex.read(in), listed);
        }
        if (index != null) {
          return index;
        }
        log.debug("The module index does not match the service file; loading every module");
      }
      List<ModuleIndex.Entry> loaded = new ArrayList<>();
      for (InstrumentationModule module : InstrumentationModules.load(serviceFile, agentClassLoader, warnings)) {
        loaded.add(ModuleIndex.Entry.of(module));
      }
      return loaded;
    }

    /** Start-up phases at debug level: where the time to "ready" goes. */
    private long logPhase(String what, long since) {
      long now = System.nanoTime();
      log.debug("Start-up: {} in {} ms", what, (now - since) / 1_000_000);
      return now;
    }

    /** Runs on the start-up thread. */
    @Override
    public void run() {
      long phase = System.nanoTime();
      TracingSetup tracing;
      try {
        if (settings.exemplars) {
          ExemplarConfig.setHistogramExemplarSampler(new DefaultExemplarSampler(new CurrentSpanExemplars()));
          ExemplarConfig.enableExemplars();
        } else {
          ExemplarConfig.disableExemplars();
        }
        tracing = new TracingSetup(settings);
        AgentRuntime.install(config, tracing.openTelemetry(), settings.correlation);
        phase = logPhase("tracing set up", phase);
      } catch (Throwable t) {
        transformer.prepared(null);
        log.error("The agent could not start tracing; the application runs without it: {}", t.toString());
        log.debug("Start-up failure", t);
        return;
      }
      // loaded here, on the start-up thread, rather than in premain (see ModuleIndex); one that
      // cannot be loaded is reported off, in the start-up line and the self-metrics
      List<InstrumentationModule> enabledModules = new ArrayList<>();
      Set<String> loadedNames = new HashSet<>();
      for (ModuleIndex.Entry module : enabled) {
        InstrumentationModule loaded = module.module(agentClassLoader, warnings);
        if (loaded != null) {
          enabledModules.add(loaded);
          loadedNames.add(module.name);
        }
      }
      for (ModuleIndex.Entry module : enabled) {
        if (!loadedNames.contains(module.name) && on.remove(module.name)) {
          off.add(module.name);
        }
      }
      SelfMetrics selfMetrics = new SelfMetrics();
      for (ModuleIndex.Entry module : modules) {
        selfMetrics.instrumentation(module.name, on.contains(module.name));
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new LanternThread(
                  "shutdown",
                  () -> tracing.tracerProvider().shutdown().join(5, TimeUnit.SECONDS)));

      int retransformed = 0;
      try {
        int readyDelay = config.getInt(ConfigKeys.TESTING_READY_DELAY_MS, 0, 0, 60_000);
        if (readyDelay > 0) {
          Thread.sleep(readyDelay);
        }
        Weaving weaving =
            Weaving.prepare(
                inst,
                agentClassLoader,
                enabledModules,
                new TransformListener(selfMetrics),
                new AdviceErrorHandler(selfMetrics),
                new java.util.HashSet<>(config.getList(ConfigKeys.TESTING_ADVICE_THROW, java.util.Collections.emptyList())));
        transformer.prepared(weaving);
        phase = logPhase("instrumentation prepared", phase);
        retransformed = Retransformer.retransformLoadedClasses(inst, weaving, transformer);
        phase = logPhase("loaded classes retransformed", phase);
        // after the weaving is ready, so it delays no class from being woven at load
        tracing.warmUpSpanPath();
        phase = logPhase("span path warmed up", phase);
      } catch (Throwable t) {
        transformer.prepared(null);
        log.error("The agent could not prepare its instrumentation; the application runs"
            + " uninstrumented: {}", t.toString());
        log.debug("Start-up failure", t);
      }
      double readySeconds = (System.nanoTime() - startNanos) / 1e9;

      DependencyHealth.setSlowThresholdMillis(settings.healthSlowMillis);
      AgentMetrics.register("lantern_dependency", DependencyCollector::new);
      if (settings.metricsPort > 0) {
        MetricsServer.start(
            settings.metricsHost,
            settings.metricsPort,
            AgentRuntime.registry(),
            // the JVM collectors load some hundred management classes: on the first scrape, not
            // while the application starts
            settings.jvmMetrics ? () -> DefaultExports.register(AgentRuntime.registry()) : null,
            new ReadinessReport(
                AgentRuntime.VERSION, settings.serviceName, tracing.health(), tracing.processor()),
            new DependencyReport(settings.readyDependencies),
            tracing.traceStore());
      }
      logPhase("metrics port", phase);
      selfMetrics.info(AgentRuntime.VERSION, premainNanos / 1e9, readySeconds, settings.resourceAttributes);
      log.info(
          "Lantern {} started{}: premain {} ms, ready in {} ms ({} loaded classes retransformed{}):"
              + " service={}, instrumentations on={} off={}, metrics={}, traces={}, sampler={}",
          AgentRuntime.VERSION,
          attached ? " (attached)" : "",
          premainNanos / 1_000_000,
          Math.round(readySeconds * 1000),
          retransformed,
          // what the agent's own start cost, beside the application's threads (this thread ends)
          ThreadCpu.describe(ThreadCpu.currentThreadNanos()),
          settings.serviceName,
          on,
          off,
          settings.metricsPort > 0 ? settings.metricsUrl() : "off",
          settings.exporter.equals("otlp")
              ? "otlp " + settings.otlpEndpointShown() + " (" + settings.otlpProtocol + ")"
              : settings.exporter,
          settings.sampler);
    }
  }
}
