package dev.lantern.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkedJvmTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static ForkedJvm.Builder tinyApp() {
    return ForkedJvm.builder()
        .mainClass(TinyApp.class.getName())
        .classpath(ForkedJvm.classpathOf("junit-", "opentelemetry-"))
        .name("tiny");
  }

  @Test
  void capturesOutputPropertiesEnvironmentAndExitCode() {
    try (ForkedJvm jvm =
        tinyApp()
            .sysProp("tiny.prop", "from-sysprop")
            .env("TINY_ENV", "from-env")
            .env("OTEL_SERVICE_NAME", "set-explicitly")
            .jvmArg("-Xmx64m")
            .arg("first")
            .arg("exit=7")
            .start()) {
      assertEquals("prop=from-sysprop", jvm.awaitLine(Pattern.compile("^prop="), TIMEOUT));
      assertEquals(7, jvm.waitForExit(TIMEOUT));
      assertFalse(jvm.isAlive());

      assertTrue(jvm.stdout().contains("hello from stdout"), jvm.describe());
      assertTrue(jvm.stdout().contains("env=from-env"), jvm.describe());
      assertTrue(jvm.stdout().contains("otel-env=set-explicitly"), jvm.describe());
      assertTrue(jvm.stdout().contains("args=first,exit=7"), jvm.describe());
      assertTrue(jvm.stdout().contains("java.feature=17"), jvm.describe());
      assertEquals("hello from stderr", jvm.stderr().get(0), jvm.describe());
      assertFalse(jvm.stdout().contains("hello from stderr"));
      assertTrue(jvm.output().containsAll(jvm.stdout()));
      assertTrue(jvm.output().containsAll(jvm.stderr()));
      assertEquals(jvm.stdout().size() + jvm.stderr().size(), jvm.output().size());
      assertEquals("hello from stderr", jvm.awaitLine(Pattern.compile("from stderr"), TIMEOUT));
      assertTrue(jvm.command().contains("-Dtiny.prop=from-sysprop"));
      assertTrue(jvm.command().contains("-Xmx64m"));
    }
  }

  @Test
  void awaitLineFailsAtOnceWhenTheProcessHasExited() {
    try (ForkedJvm jvm = tinyApp().arg("exit=3").start()) {
      assertEquals(3, jvm.waitForExit(TIMEOUT));
      AssertionError error =
          assertThrows(
              AssertionError.class,
              () -> jvm.awaitLine(Pattern.compile("never printed"), Duration.ofMinutes(10)));
      assertTrue(error.getMessage().contains("exited with code 3"), error.getMessage());
      assertTrue(error.getMessage().contains("[err] hello from stderr"), error.getMessage());
      assertTrue(error.getMessage().contains("[out] hello from stdout"), error.getMessage());
    }
  }

  @Test
  void waitForExitFailsWhileTheProcessRuns() {
    try (ForkedJvm jvm = tinyApp().arg("sleep").start()) {
      jvm.awaitLine(Pattern.compile("sleeping forever"), TIMEOUT);
      AssertionError error =
          assertThrows(AssertionError.class, () -> jvm.waitForExit(Duration.ofMillis(100)));
      assertTrue(error.getMessage().contains("still running"), error.getMessage());
    }
  }

  @Test
  void closeStopsAProcessThatSleepsForeverAndKeepsItsShutdownOutput() {
    ForkedJvm jvm = tinyApp().arg("say-bye").arg("sleep").start();
    jvm.awaitLine(Pattern.compile("sleeping forever"), TIMEOUT);
    assertTrue(jvm.isAlive());
    jvm.close();
    assertFalse(jvm.isAlive());
    assertFalse(ProcessHandle.of(jvm.pid()).map(ProcessHandle::isAlive).orElse(false));
    assertTrue(jvm.stdout().contains("bye from a shutdown hook"), jvm.describe());
    assertEquals(143, jvm.waitForExit(Duration.ZERO), "128 + SIGTERM");
    jvm.close(); // idempotent
  }

  @Test
  void closeKillsAProcessThatIgnoresSigterm() {
    ForkedJvm jvm = tinyApp().arg("ignore-term").arg("sleep").start();
    jvm.awaitLine(Pattern.compile("sleeping forever"), TIMEOUT);
    jvm.close();
    assertFalse(jvm.isAlive());
  }

  @Test
  void attachesAJavaAgent(@TempDir Path dir) throws IOException {
    Path agentJar = dir.resolve("tiny-agent.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), TinyAgent.class.getName());
    try (OutputStream out = Files.newOutputStream(agentJar);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.flush();
    }
    try (ForkedJvm jvm = tinyApp().agentJar(agentJar).arg("exit=0").start()) {
      assertEquals(0, jvm.waitForExit(TIMEOUT));
      assertEquals("tiny-agent premain ran", jvm.stdout().get(0), jvm.describe());
      assertTrue(jvm.command().contains("-javaagent:" + agentJar.toAbsolutePath()));
    }
  }

  @Test
  void runsOnJdk25() {
    Path jdk25 = ForkedJvm.javaHome(25);
    assertTrue(Files.isExecutable(jdk25.resolve("bin/java")), jdk25.toString());
    try (ForkedJvm jvm = tinyApp().javaHome(jdk25).name("tiny25").arg("exit=0").start()) {
      assertEquals("java.feature=25", jvm.awaitLine(Pattern.compile("java.feature="), TIMEOUT));
      assertEquals(0, jvm.waitForExit(TIMEOUT));
    }
  }

  @Test
  void javaHomeOfTheRunningVersionIsTheRunningJvm() {
    assertEquals(Path.of(System.getProperty("java.home")), ForkedJvm.javaHome(17));
  }

  @Test
  void javaHomePropertyWins() {
    String property = "lantern.test.jdk25.home";
    String previous = System.getProperty(property);
    try {
      System.setProperty(property, System.getProperty("java.home"));
      assertEquals(Path.of(System.getProperty("java.home")), ForkedJvm.javaHome(25));
      System.setProperty(property, "/nonexistent/jdk");
      AssertionError error = assertThrows(AssertionError.class, () -> ForkedJvm.javaHome(25));
      assertTrue(error.getMessage().contains(property), error.getMessage());
    } finally {
      restore(property, previous);
    }
  }

  @Test
  void javaHomeFailsLoudlyForAMissingVersion() {
    AssertionError error = assertThrows(AssertionError.class, () -> ForkedJvm.javaHome(4));
    assertTrue(error.getMessage().contains("lantern.test.jdk4.home"), error.getMessage());
  }

  @Test
  void recognisesReleaseFileVersions() {
    assertTrue(JdkLocator.hasFeature("25.0.3", 25));
    assertTrue(JdkLocator.hasFeature("25", 25));
    assertTrue(JdkLocator.hasFeature("26-ea", 26));
    assertTrue(JdkLocator.hasFeature("1.8.0_452", 8));
    assertFalse(JdkLocator.hasFeature("17.0.15", 1));
    assertFalse(JdkLocator.hasFeature("170.0.1", 17));
  }

  @Test
  void agentJarComesFromTheSystemProperty(@TempDir Path dir) throws IOException {
    String previous = System.getProperty(ForkedJvm.AGENT_JAR_PROPERTY);
    try {
      System.clearProperty(ForkedJvm.AGENT_JAR_PROPERTY);
      AssertionError unset = assertThrows(AssertionError.class, ForkedJvm::agentJar);
      assertTrue(unset.getMessage().contains("mvn -pl agent -am package"), unset.getMessage());

      System.setProperty(ForkedJvm.AGENT_JAR_PROPERTY, dir.resolve("missing.jar").toString());
      AssertionError missing = assertThrows(AssertionError.class, ForkedJvm::agentJar);
      assertTrue(missing.getMessage().contains("missing.jar"), missing.getMessage());
      assertTrue(missing.getMessage().contains("mvn -pl agent -am package"), missing.getMessage());

      Path jar = Files.createFile(dir.resolve("lantern-agent.jar"));
      System.setProperty(ForkedJvm.AGENT_JAR_PROPERTY, jar.toString());
      assertEquals(jar, ForkedJvm.agentJar());
    } finally {
      restore(ForkedJvm.AGENT_JAR_PROPERTY, previous);
    }
  }

  @Test
  void classpathOfDropsExcludedJars() {
    String full = ForkedJvm.classpathOf();
    String withoutJunit = ForkedJvm.classpathOf("junit-");
    assertTrue(full.contains("junit-jupiter-api"), full);
    assertTrue(withoutJunit.contains("test-classes"), withoutJunit);
    assertTrue(
        Arrays.stream(withoutJunit.split(File.pathSeparator))
            .map(entry -> Path.of(entry).getFileName().toString())
            .noneMatch(name -> name.startsWith("junit-")),
        withoutJunit);
  }

  private static void restore(String property, String previous) {
    if (previous == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, previous);
    }
  }
}
