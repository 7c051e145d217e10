package dev.lantern.bench;

import dev.lantern.testing.ForkedJvm;
import dev.lantern.testing.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One start of the checkout app under one agent setup, and what was measured. */
final class AppRun implements AutoCloseable {

  private static final Pattern MAIN_START = Pattern.compile("BENCH_MAIN_START uptime_ms=(\\d+)");
  private static final Pattern PHASE = Pattern.compile("BENCH_PHASE (\\S+) uptime_ms=(\\d+)");
  private static final Pattern LAST_PHASE = Pattern.compile("BENCH_PHASE first-request-kafka-send ");
  private static final Pattern APP_READY = Pattern.compile("APP_READY port=\\d+ uptime_ms=(\\d+)");
  private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

  final AgentSetup setup;
  final int port;
  final ForkedJvm jvm;
  double startupMillis;
  /** The app process's CPU time (all threads) when its first checkout had been served. */
  double startupCpuMillis;
  /** The same by thread group ({@link StartupCpu}); empty where the OS does not tell. */
  java.util.Map<String, Double> startupCpuByGroup = java.util.Map.of();
  double mainUptimeMillis;
  double readyUptimeMillis;
  /** The app's start-up steps: name to JVM uptime (ms), in order. */
  final java.util.Map<String, Double> phases = new java.util.LinkedHashMap<>();
  /** Lantern's start-up line, for the setups that run Lantern; null for the others. */
  LanternStartLine lanternStart;

  private AppRun(AgentSetup setup, int port, ForkedJvm jvm) {
    this.setup = setup;
    this.port = port;
    this.jvm = jvm;
  }

  /** Starts the app and waits for its first served checkout; measures the time to that. */
  static AppRun start(AgentSetup setup, HarnessOptions options, BenchEnvironment env) {
    int port = Ports.freePort();
    ForkedJvm.Builder builder =
        ForkedJvm.builder()
            .name("checkout-" + setup.label)
            .javaHome(options.javaHome)
            .mainClass("dev.lantern.bench.app.CheckoutApp")
            .classpath(classpath(options.appJar))
            .jvmArg("-Xmx512m")
            // the heap's address range, for the RSS outside it (HeapRss)
            .jvmArg("-Xlog:gc+heap+coops=debug:stdout")
            // the JDK server's Nagle default adds ~40 ms per keep-alive request: measure the agents, not that
            .sysProp("sun.net.httpserver.nodelay", "true")
            .sysProp("app.port", Integer.toString(port))
            .sysProp("bench.downstream", env.pricingUrl())
            .sysProp("bench.kafka", env.kafka.bootstrapServers());
    for (String arg : setup.jvmArgs(options, env.otlp.endpoint(), Ports.freePort())) {
      builder.jvmArg(arg);
    }
    for (String arg : options.appJvmArgs) {
      builder.jvmArg(arg);
    }
    long launched = System.nanoTime();
    ForkedJvm jvm = builder.start();
    AppRun run = new AppRun(setup, port, jvm);
    try {
      long deadline = launched + Duration.ofSeconds(60).toNanos();
      while (!served(port)) {
        if (System.nanoTime() > deadline || !jvm.isAlive()) {
          throw new IllegalStateException("checkout app (" + setup.label + ") did not serve: " + jvm.describe());
        }
        Thread.sleep(2);
      }
      run.startupMillis = (System.nanoTime() - launched) / 1e6;
      // on two cores the wall time hides work done on the second one (compilers, the agent's
      // start thread); the CPU time resolves changes of 10-20 ms that the wall time cannot
      run.startupCpuMillis = run.cpuNanos() / 1e6;
      StartupCpu.Reading cpuByGroup = StartupCpu.read(jvm.pid(), run.startupCpuMillis);
      run.startupCpuByGroup = cpuByGroup.groups;
      Matcher m = MAIN_START.matcher(jvm.awaitLine(MAIN_START, Duration.ofSeconds(5)));
      m.find();
      run.mainUptimeMillis = Double.parseDouble(m.group(1));
      Matcher ready = APP_READY.matcher(jvm.awaitLine(APP_READY, Duration.ofSeconds(5)));
      ready.find();
      run.readyUptimeMillis = Double.parseDouble(ready.group(1));
      jvm.awaitLine(LAST_PHASE, Duration.ofSeconds(5)); // printed before the first answer went out
      for (String line : jvm.stdout()) {
        Matcher phase = PHASE.matcher(line);
        if (phase.find()) {
          run.phases.put(phase.group(1), Double.parseDouble(phase.group(2)));
        }
      }
      if (setup.runsLantern()) {
        // the agent's start thread has mostly ended by now, its CPU counted under "other"; the
        // line says how much it used, which belongs to the agent
        run.lanternStart =
            LanternStartLine.parse(jvm.awaitLine(LanternStartLine.PATTERN, Duration.ofSeconds(30)));
        run.startupCpuByGroup = cpuByGroup.withEndedStartThreadAsAgent(run.lanternStart.startThreadCpuMillis);
      }
      return run;
    } catch (RuntimeException | Error | InterruptedException e) {
      jvm.close();
      throw new IllegalStateException(e);
    }
  }

  private static boolean served(int port) {
    try {
      HttpResponse<Void> response =
          PROBE.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/checkout?id=1"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Lantern's own start-up figures: {premain ms, ready ms}, or null for other setups. */
  double[] lanternStartup() {
    if (setup != AgentSetup.LANTERN) {
      return null;
    }
    return new double[] {lanternStart.premainMillis, lanternStart.readyMillis};
  }

  /** The app process's CPU time (ns) from the OS, without a request to the app. */
  long cpuNanos() {
    return ProcessHandle.of(jvm.pid()).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElseThrow(
        () -> new IllegalStateException("the OS does not report the CPU time of process " + jvm.pid()));
  }

  /** Heap after a GC, RSS, threads and loaded classes, as the app reports them (its CPU: {@link #cpuNanos}). */
  AppStats stats() throws IOException, InterruptedException {
    String body =
        PROBE.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    // after the app's GC: the collector may have given back committed heap, which RSS shows
    long[] heap = null;
    for (String line : jvm.stdout()) {
      heap = HeapRss.heapRange(line);
      if (heap != null) {
        break; // logged once, at the JVM's start
      }
    }
    HeapRss split = heap == null ? null : HeapRss.read(jvm.pid(), heap);
    return AppStats.parse(
        body, rssBytes(jvm.pid()), split == null ? -1 : split.outsideBytes, split == null ? -1 : split.outsideAnonymousBytes);
  }

  private static long rssBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  private static String classpath(Path appJar) {
    List<String> entries = new ArrayList<>();
    entries.add(appJar.toAbsolutePath().toString());
    try (var libs = Files.list(appJar.toAbsolutePath().getParent().resolve("lib"))) {
      libs.sorted().forEach(p -> entries.add(p.toString()));
    } catch (IOException e) {
      throw new IllegalStateException("build the checkout app first (its lib folder is missing)", e);
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  @Override
  public void close() {
    jvm.close();
  }
}
