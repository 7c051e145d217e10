package dev.lantern.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The packaged agent jar: what the application's class loader can see of it, and its size. */
class AgentJarIT {

  private static final Path JAR = Path.of(System.getProperty("lantern.agent.jar", "target/lantern-agent.jar"));

  @Test
  void manifestDeclaresTheAgent() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("dev.lantern.bootstrap.LanternAgent", main.getValue("Premain-Class"));
      assertEquals("dev.lantern.bootstrap.LanternAgent", main.getValue("Agent-Class"));
      assertEquals("true", main.getValue("Can-Retransform-Classes"));
    }
  }

  @Test
  void onlyTheBootstrapPackageIsVisibleAndEverythingElseIsHiddenAndRelocated() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names =
          Collections.list(jar.entries()).stream().map(JarEntry::getName).collect(Collectors.toList());
      List<String> visibleClasses =
          names.stream().filter(n -> n.endsWith(".class")).collect(Collectors.toList());
      assertTrue(visibleClasses.stream().allMatch(n -> n.startsWith("dev/lantern/bootstrap/")), visibleClasses.toString());
      assertTrue(visibleClasses.size() <= 10, visibleClasses.toString());
      assertTrue(
          names.stream()
              .filter(n -> !n.endsWith("/"))
              .allMatch(n -> n.startsWith("inst/") || n.startsWith("dev/lantern/bootstrap/")
                  || n.equals("META-INF/MANIFEST.MF") || n.startsWith("META-INF/LICENSE") || n.startsWith("META-INF/NOTICE")),
          "no service files or resources outside inst/: "
              + names.stream().filter(n -> !n.startsWith("inst/") && !n.startsWith("dev/")).collect(Collectors.toList()));
      for (String unrelocated : List.of("inst/io/opentelemetry/", "inst/org/objectweb/", "inst/io/prometheus/", "inst/org/slf4j/")) {
        assertTrue(names.stream().noneMatch(n -> n.startsWith(unrelocated)), unrelocated);
      }
      assertTrue(names.contains("inst/dev/lantern/shaded/asm/ClassReader.classdata"));
      assertTrue(names.stream().noneMatch(n -> n.contains("bytebuddy")), "no ByteBuddy in the agent");
      assertTrue(names.contains("inst/dev/lantern/shaded/io/opentelemetry/sdk/trace/SdkTracerProvider.classdata"));
      String modules =
          new String(
              jar.getInputStream(jar.getEntry("inst/META-INF/services/dev.lantern.agent.api.InstrumentationModule"))
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      for (String module : List.of("jdkhttpserver", "javahttpclient", "logback", "log4j2")) {
        assertTrue(modules.contains("dev.lantern.instrumentation." + module + "."), modules);
      }
    }
  }

  @Test
  void jarStaysWithinTheSizeBudget() throws IOException {
    long size = Files.size(JAR);
    assertTrue(size <= 8L * 1024 * 1024, "agent jar is " + size / 1024 + " KB; the budget is 8 MB");
  }
}
