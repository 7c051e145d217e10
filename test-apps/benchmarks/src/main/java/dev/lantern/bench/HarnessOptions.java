package dev.lantern.bench;

import java.nio.file.Path;

/** What one run of the overhead harness does; the defaults are the documented full run. */
public final class HarnessOptions {

  int rounds = 3;
  int startsPerRound = 2;
  // With an agent the JIT is still compiling at 30 s on 2 vCPUs (jstat -compiler: compile time grows
  // until ~40 s with no agent, past 60 s with Lantern); shorter warm-ups measure the JIT, not the agents
  int warmupSeconds = 60;
  int loadSeconds = 30;
  int concurrency = 8;
  /**
   * The fixed bounded load the latency budget is measured at (req/s, over {@code concurrency}
   * connections): about a seventh of what the app serves at saturation without an agent on the
   * reference machine, so that no setup saturates; 0 skips the fixed-rate phase.
   */
  double rate = 1000;
  Path out = Path.of("test-apps/benchmarks/results");
  Path agentJar = Path.of(System.getProperty("lantern.agent.jar", "agent/target/lantern-agent.jar"));
  Path otelJar = Path.of(System.getProperty("bench.otel.jar", "test-apps/benchmarks/target/otel/opentelemetry-javaagent.jar"));
  Path appJar = Path.of(System.getProperty("bench.app.jar", "test-apps/bench-app/target/lantern-bench-app.jar"));
  Path javaHome = Path.of(System.getProperty("java.home"));
  /** Which setups to run (none, lantern, otel by default); one alone is for profiling, not for the table. */
  java.util.EnumSet<AgentSetup> setups = java.util.EnumSet.copyOf(AgentSetup.DEFAULT);
  /** The sampling ratio of the {@code lantern-sampled} setup. */
  double sampledRatio = 0.1;
  /** Only the start-up measurements ({@code startsPerRound} per setup and round), no load phases. */
  boolean startupOnly;
  /** Unrecorded starts before the measured ones; null: the mode's default ({@link #warmupStarts()}). */
  Integer warmupStarts;
  /** Extra JVM arguments for the app, e.g. a JFR recording. */
  java.util.List<String> appJvmArgs = new java.util.ArrayList<>();

  /** One short round: what CI runs so the harness cannot rot. */
  public static HarnessOptions smoke(Path out) {
    HarnessOptions o = new HarnessOptions();
    o.rounds = 1;
    o.startsPerRound = 0;
    o.warmupSeconds = 1;
    o.loadSeconds = 2;
    o.concurrency = 2;
    o.rate = 50;
    o.out = out;
    return o;
  }

  private static final java.util.Set<String> VALUE_OPTIONS =
      java.util.Set.of(
          "--rounds", "--starts-per-round", "--warmup-seconds", "--load-seconds", "--concurrency", "--rate",
          "--out", "--java-home", "--setups", "--app-jvm-arg", "--sampled-ratio", "--warmup-starts");

  static HarnessOptions parse(String[] args) {
    HarnessOptions o = new HarnessOptions();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      boolean takesValue = VALUE_OPTIONS.contains(option);
      String value = takesValue && i + 1 < args.length ? args[++i] : null;
      if (takesValue && value == null) {
        throw new IllegalArgumentException(option + " needs a value after it");
      }
      try {
        o = apply(o, option, value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a number; got \"" + value + "\"");
      }
    }
    return o;
  }

  /** Applies one option; returns the options to go on with ({@code --smoke} starts afresh). */
  private static HarnessOptions apply(HarnessOptions o, String option, String value) {
    switch (option) {
      case "--rounds": o.rounds = Integer.parseInt(value); break;
      case "--starts-per-round": o.startsPerRound = Integer.parseInt(value); break;
      case "--warmup-seconds": o.warmupSeconds = Integer.parseInt(value); break;
      case "--load-seconds": o.loadSeconds = Integer.parseInt(value); break;
      case "--concurrency": o.concurrency = Integer.parseInt(value); break;
      case "--rate": o.rate = Double.parseDouble(value); break;
      case "--out": o.out = Path.of(value); break;
      case "--java-home": o.javaHome = Path.of(value); break;
      case "--setups": {
        o.setups = java.util.EnumSet.noneOf(AgentSetup.class);
        for (String name : value.split(",")) {
          o.setups.add(AgentSetup.ofLabel(name.trim()));
        }
        break;
      }
      case "--app-jvm-arg": o.appJvmArgs.add(value); break;
      case "--sampled-ratio": {
        o.sampledRatio = Double.parseDouble(value);
        if (!(o.sampledRatio > 0 && o.sampledRatio < 1)) {
          throw new IllegalArgumentException("--sampled-ratio must be between 0 and 1 (exclusive): " + value);
        }
        break;
      }
      case "--startup-only": o.startupOnly = true; break;
      case "--warmup-starts": {
        o.warmupStarts = Integer.parseInt(value);
        if (o.warmupStarts < 0) {
          throw new IllegalArgumentException("--warmup-starts must be 0 or more; got " + value);
        }
        break;
      }
      case "--smoke": {
        HarnessOptions smoke = smoke(o.out);
        smoke.javaHome = o.javaHome;
        o = smoke;
        break;
      }
      default: throw new IllegalArgumentException("unknown option " + option
          + "; options: --rounds N --starts-per-round N --warmup-seconds N --load-seconds N"
          + " --concurrency N --rate REQ_PER_S --out DIR --java-home DIR --setups none,lantern,otel,lantern-sampled --sampled-ratio R --app-jvm-arg ARG --startup-only --warmup-starts N --smoke");
    }
    return o;
  }

  /**
   * How many unrecorded starts come first. A start-up-only invocation measures its first starts
   * while the broker it has just started in this JVM is still being compiled, so by default it
   * starts the app once unmeasured. A full run starts none unless told, so that its figures stay
   * comparable with the runs before this option.
   */
  int warmupStarts() {
    return warmupStarts != null ? warmupStarts : startupOnly ? 1 : 0;
  }

  private String fmtRate() {
    return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
  }

  private String setupsText() {
    if (setups.equals(AgentSetup.DEFAULT)) {
      return "";
    }
    StringBuilder text = new StringBuilder("setups");
    for (AgentSetup setup : setups) {
      text.append(' ').append(setup.label);
    }
    return text.append(setups.contains(AgentSetup.LANTERN_SAMPLED) ? " (sampling ratio " + sampledRatio + ")" : "")
        .append(", ").toString();
  }

  @Override
  public String toString() {
    if (startupOnly) {
      return setupsText()
          + "start-up only: rounds=" + rounds + ", starts per round=" + startsPerRound
          + ", unrecorded warm-up starts=" + warmupStarts()
          + (appJvmArgs.isEmpty() ? "" : ", app JVM arguments " + appJvmArgs);
    }
    return setupsText()
        + "rounds=" + rounds + ", starts per round=" + startsPerRound
        + (warmupStarts() > 0 ? ", unrecorded warm-up starts=" + warmupStarts() : "") + ", warm-up " + warmupSeconds
        + " s, load " + loadSeconds + " s at concurrency " + concurrency
        + (rate > 0 ? " then " + loadSeconds + " s at a fixed " + fmtRate() + " req/s" : "");
  }
}
