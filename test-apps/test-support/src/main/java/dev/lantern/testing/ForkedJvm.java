package dev.lantern.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A test application running in its own JVM, optionally under the agent. Output is captured line by
 * line and echoed with a {@code [name:out]}/{@code [name:err]} prefix.
 *
 * <p>The child inherits the test's environment except {@code OTEL_*}, {@code LANTERN_*}, {@code
 * JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} and {@code _JAVA_OPTIONS}, so that a developer's
 * shell cannot change what a test observes; set what the test needs with {@link Builder#env}.
 *
 * <p>{@link #close()} sends SIGTERM first (the agent's shutdown hooks run and may flush spans),
 * then kills forcibly after 5 s. A JVM shutdown hook kills children a test forgot to close.
 */
public final class ForkedJvm implements AutoCloseable {
  /** System property naming the built agent jar; Maven sets it for failsafe tests. */
  public static final String AGENT_JAR_PROPERTY = "lantern.agent.jar";

  /**
   * System property with the feature version of the JDK forked applications run on unless a test
   * chooses one ({@code mvn verify -Dlantern.test.jdk=25} runs every agent-attached test on JDK
   * 25); unset, they run on the test's own JDK.
   */
  public static final String TEST_JDK_PROPERTY = "lantern.test.jdk";

  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(5);
  private static final List<String> SCRUBBED_ENV_PREFIXES = List.of("OTEL_", "LANTERN_");
  private static final List<String> SCRUBBED_ENV =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private final String name;
  private final List<String> command;
  private final Process process;
  private final ProcessOutput output;
  private final Thread killOnExit;
  private boolean closed;

  private ForkedJvm(String name, List<String> command, Process process) {
    this.name = name;
    this.command = command;
    this.process = process;
    this.output = new ProcessOutput(name, process.getInputStream(), process.getErrorStream());
    this.killOnExit = new Thread(process::destroyForcibly, name + "-kill-on-exit");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The agent jar built by Maven, from system property {@value #AGENT_JAR_PROPERTY}.
   *
   * @throws AssertionError when the property is unset or the file is missing
   */
  public static Path agentJar() {
    String value = System.getProperty(AGENT_JAR_PROPERTY);
    String hint = "build the agent first: mvn -pl agent -am package";
    if (value == null || value.isBlank()) {
      throw new AssertionError(
          "system property " + AGENT_JAR_PROPERTY + " is not set (Maven's failsafe sets it); "
              + hint);
    }
    Path jar = Path.of(value);
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(
          "agent jar " + jar.toAbsolutePath() + " (" + AGENT_JAR_PROPERTY + ") does not exist; "
              + hint);
    }
    return jar;
  }

  /**
   * Home of an installed JDK of this feature version: system property {@code
   * lantern.test.jdk<version>.home}, else the running JVM if it matches, else the first directory
   * under /usr/lib/jvm whose {@code release} file says so.
   *
   * @throws AssertionError when none is found: a test that needs a JDK must not silently skip
   */
  public static Path javaHome(int featureVersion) {
    return JdkLocator.javaHome(featureVersion);
  }

  /** The JDK of {@value #TEST_JDK_PROPERTY} when set, else the running JVM's. */
  public static Path defaultJavaHome() {
    String feature = System.getProperty(TEST_JDK_PROPERTY, "").trim();
    return feature.isEmpty()
        ? Path.of(System.getProperty("java.home"))
        : JdkLocator.javaHome(Integer.parseInt(feature));
  }

  /**
   * The running JVM's {@code java.class.path} without entries whose file name starts with any of
   * the prefixes; e.g. {@code classpathOf("log4j-")} for a Logback-only application.
   */
  public static String classpathOf(String... excludedJarNamePrefixes) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .filter(entry -> !startsWithAny(Path.of(entry).getFileName(), excludedJarNamePrefixes))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static boolean startsWithAny(Path fileName, String[] prefixes) {
    if (fileName == null) {
      return false;
    }
    String file = fileName.toString();
    return Arrays.stream(prefixes).anyMatch(file::startsWith);
  }

  public String name() {
    return name;
  }

  /** The full command line the JVM was started with. */
  public List<String> command() {
    return command;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Lines printed to stdout so far. */
  public List<String> stdout() {
    return output.stdout();
  }

  /** Lines printed to stderr so far. */
  public List<String> stderr() {
    return output.stderr();
  }

  /** Lines of both streams so far, in arrival order. */
  public List<String> output() {
    return output.all();
  }

  /**
   * The first line of stdout or stderr in which {@code pattern} is found, waiting for it if needed.
   * Fails early when the process has exited and its output ended without a match.
   *
   * @throws AssertionError on timeout or exit, with the output so far
   */
  public String awaitLine(Pattern pattern, Duration timeout) {
    try {
      return output
          .awaitLine(pattern, timeout)
          .orElseThrow(
              () ->
                  new AssertionError(
                      "no line matching /" + pattern + "/ within " + timeout + " from "
                          + describe()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for /" + pattern + "/", e);
    }
  }

  /**
   * Waits for the process to exit and its output to be fully read.
   *
   * @return the exit code
   * @throws AssertionError when it is still running after {@code timeout}
   */
  public int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("did not exit within " + timeout + ": " + describe());
      }
      output.awaitEnd(GRACEFUL_STOP);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + name + " to exit", e);
    }
  }

  /** State, command and recent output, for failure messages. */
  public String describe() {
    String state =
        process.isAlive()
            ? "still running"
            : "exited with code " + process.exitValue()
                + (output.ended() ? "" : " (output still being read)");
    return name + " (pid " + process.pid() + ", " + state + ")\ncommand: "
        + displayCommand(command) + "\n" + output.dump();
  }

  /** The command with the class path shortened to its entry count: it can be kilobytes long. */
  static String displayCommand(List<String> command) {
    List<String> shown = new ArrayList<>(command);
    int cp = shown.indexOf("-cp");
    if (cp >= 0 && cp + 1 < shown.size()) {
      int entries = shown.get(cp + 1).split(File.pathSeparator).length;
      shown.set(cp + 1, "<" + entries + " class path entries>");
    }
    return String.join(" ", shown);
  }

  /**
   * Stops the JVM: SIGTERM, then a forcible kill after 5 s. Never hangs; idempotent. Output
   * printed while shutting down is still captured, and {@link #waitForExit} then returns the exit
   * code at once.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // Signalled through the ProcessHandle: Process.destroy() would also close our end of the
    // pipes and lose whatever the JVM prints while shutting down.
    ProcessHandle handle = process.toHandle();
    List<ProcessHandle> descendants = handle.descendants().collect(Collectors.toList());
    try {
      handle.destroy();
      if (!process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
        System.out.println("[" + name + "] did not stop within " + GRACEFUL_STOP + ", killing");
        handle.destroyForcibly();
        process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS);
      }
      descendants.forEach(ProcessHandle::destroyForcibly);
      output.awaitEnd(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to; nothing to undo
    }
  }

  @Override
  public String toString() {
    return "ForkedJvm[" + name + ", pid " + process.pid() + "]";
  }

  /** Describes the JVM to start; {@link #mainClass} is required. */
  public static final class Builder {
    private String mainClass;
    private String classpath;
    private Path agentJar;
    private Path javaHome = defaultJavaHome();
    private Path workingDir;
    private String name;
    private final Map<String, String> sysProps = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();

    private Builder() {}

    public Builder mainClass(String mainClass) {
      this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
      return this;
    }

    /** A {@link File#pathSeparator}-separated class path, e.g. from {@link #classpathOf}. */
    public Builder classpath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    public Builder classpath(List<Path> entries) {
      this.classpath =
          entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
      return this;
    }

    /** Adds {@code -javaagent:<jar>}; null runs without an agent. */
    public Builder agentJar(Path agentJar) {
      this.agentJar = agentJar;
      return this;
    }

    /**
     * The JDK to run on; defaults to {@link ForkedJvm#defaultJavaHome()}. See {@link
     * ForkedJvm#javaHome(int)}.
     */
    public Builder javaHome(Path javaHome) {
      this.javaHome = Objects.requireNonNull(javaHome, "javaHome");
      return this;
    }

    public Builder workingDir(Path workingDir) {
      this.workingDir = workingDir;
      return this;
    }

    /** Adds {@code -Dkey=value}. */
    public Builder sysProp(String key, String value) {
      sysProps.put(key, value);
      return this;
    }

    /** Sets an environment variable of the child; a null value removes an inherited one. */
    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /** Adds a JVM option such as {@code -Xmx256m}, placed before the main class. */
    public Builder jvmArg(String jvmArg) {
      jvmArgs.add(jvmArg);
      return this;
    }

    /** Adds a program argument, placed after the main class. */
    public Builder arg(String arg) {
      args.add(arg);
      return this;
    }

    /** Prefix for echoed output; defaults to the main class's simple name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The command line {@link #start()} would run. */
    public List<String> command() {
      if (mainClass == null) {
        throw new IllegalStateException("mainClass is required");
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(JdkLocator.javaExecutable(javaHome).toString());
      if (agentJar != null) {
        cmd.add("-javaagent:" + agentJar.toAbsolutePath());
      }
      cmd.addAll(jvmArgs);
      sysProps.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
      if (classpath != null) {
        cmd.add("-cp");
        cmd.add(classpath);
      }
      cmd.add(mainClass);
      cmd.addAll(args);
      return List.copyOf(cmd);
    }

    public ForkedJvm start() {
      List<String> cmd = command();
      String jvmName =
          name != null ? name : mainClass.substring(mainClass.lastIndexOf('.') + 1);
      ProcessBuilder pb = new ProcessBuilder(cmd);
      if (workingDir != null) {
        pb.directory(workingDir.toFile());
      }
      Map<String, String> childEnv = pb.environment();
      childEnv.keySet().removeIf(ForkedJvm::isScrubbed);
      env.forEach(
          (k, v) -> {
            if (v == null) {
              childEnv.remove(k);
            } else {
              childEnv.put(k, v);
            }
          });
      try {
        Process process = pb.start();
        System.out.println(
            "[" + jvmName + "] started pid " + process.pid() + ": " + displayCommand(cmd));
        return new ForkedJvm(jvmName, cmd, process);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + cmd, e);
      }
    }
  }

  private static boolean isScrubbed(String envName) {
    String upper = envName.toUpperCase(Locale.ROOT);
    return SCRUBBED_ENV.contains(upper) || SCRUBBED_ENV_PREFIXES.stream().anyMatch(upper::startsWith);
  }
}
