package dev.lantern.testapps.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testapps.reliability.oldkafka.OldKafkaApp;
import dev.lantern.testapps.reliability.webapp.WebappContainer;
import dev.lantern.testing.AgentApp;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class loading as real deployments do it: a servlet container (Tomcat 9) with two web
 * applications, each in its own child-first class loader with its own copy of OkHttp and H2, one
 * of them with its own OpenTelemetry SDK registered as its global; and an application with a
 * kafka-clients version outside the supported range (0.10.2), which must be left alone, not
 * half-instrumented. Never a NoClassDefFoundError, LinkageError or VerifyError.
 */
class ClassLoadingIT {

  private static final Pattern LINKAGE_TROUBLE =
      Pattern.compile("NoClassDefFoundError|LinkageError|VerifyError|IncompatibleClassChangeError|ClassCastException|NoSuchMethodError|NoSuchFieldError");

  @Test
  void webApplicationsWithTheirOwnCopiesOfLibrariesAndTheirOwnOpenTelemetry(@TempDir Path dir) {
    Path a = webapp(dir.resolve("a"), true);
    Path b = webapp(dir.resolve("b"), false);
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp container =
            AgentApp.builder(WebappContainer.class.getName())
                .classpath(System.getProperty("lantern.reliability.appClasses") + File.pathSeparator
                    + String.join(File.pathSeparator, ReliabilityApps.jars(libs("containerLibs"))))
                .receiver(otlp)
                .serviceName("container")
                .sysProp("container.webapps", "/a=" + a + ",/b=" + b)
                .sysProp("container.ownOtel", "/a")
                .start()) {
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        for (String context : List.of("/a", "/b")) {
          String answer = PatientHttp.get(container.url(context + "/work?token=t0k3n&user=bob&i=" + i)).requireStatus(200).body();
          assertTrue(answer.startsWith("ok servlet-loader=ParallelWebappClassLoader okhttp=okhttp-3.14.9.jar leaf=200:leaf db=h2-2.3.232"), answer);
          assertTrue(answer.contains("@h2-2.3.232.jar"), answer);
          answers.add(answer);
        }
      }
      assertTrue(answers.get(answers.size() - 2).endsWith("app-spans=3"), "the web application's own SDK exported its spans: " + answers);

      List<ReceivedSpan> spans = otlp.awaitSpans("4 spans for each of the 6 requests",
          all -> all.stream().filter(s -> s.kind().equals("SERVER") && s.name().endsWith("/work")).count() == 6
              && all.stream().filter(s -> s.scopeName().equals("lantern.jdbc")).count() == 6
              && all.stream().filter(s -> s.scopeName().equals("lantern.okhttp")).count() == 6
              && all.stream().filter(s -> s.kind().equals("SERVER") && s.name().endsWith("/leaf")).count() == 6, Probe.WAIT);
      for (ReceivedSpan server : spans.stream().filter(s -> s.kind().equals("SERVER") && s.name().endsWith("/work")).collect(Collectors.toList())) {
        assertTrue(server.attr("url.query").startsWith("token=REDACTED&user=bob&i="), server.toString());
        List<ReceivedSpan> children = otlp.children(server);
        assertEquals(List.of("lantern.jdbc", "lantern.okhttp"), children.stream().map(ReceivedSpan::scopeName).sorted().collect(Collectors.toList()), server.toString());
        ReceivedSpan client = children.stream().filter(s -> s.scopeName().equals("lantern.okhttp")).findFirst().orElseThrow();
        assertTrue(client.attr("url.full").endsWith("/leaf?token=REDACTED&user=bob"), client.toString());
        assertEquals(1, otlp.children(client).size(), "the leaf's server span is the client's child");
      }
      assertTrue(spans.stream().noneMatch(s -> s.name().equals("webapp-work")), "the web application's own spans stay with its own SDK");

      PrometheusScrape scrape = container.scrape();
      assertTrue(scrape.value("lantern_agent_transforms_total", Map.of("instrumentation", "okhttp", "result", "applied")) >= 2, "OkHttp woven in each web application's loader");
      assertEquals(0.0, scrape.sum("lantern_agent_transforms_total", Map.of("result", "failed")));
      assertEquals(0.0, Probe.adviceErrors(container));
      assertEquals(List.of(), container.agentWarnings());
      assertEquals(List.of(), container.jvm().output().stream().filter(l -> LINKAGE_TROUBLE.matcher(l).find()).collect(Collectors.toList()));
      Figures.record("Class loading", "Tomcat 9 with two web applications, each child-first with its own OkHttp 3.14.9 and H2, one with its own OpenTelemetry 1.40 SDK as its global",
          "servlet → OkHttp → servlet and JDBC spans in one trace for every request of both applications (query values redacted); OkHttp woven once per web application loader; the application's SDK exported its own 3 spans, none reached Lantern; 0 failed transforms, 0 advice errors, no linkage error");
    }
  }

  @Test
  void aKafkaClientsVersionOutsideTheRangeIsLeftAlone() {
    Path old = libs("webappLibs").resolve("kafka-unsupported");
    String classpath = String.join(File.pathSeparator,
        System.getProperty("lantern.reliability.appClasses"),
        ReliabilityApps.jars(old).get(0),
        ReliabilityApps.jars(libs("appLibs")).stream().filter(j -> j.contains("slf4j-api")).findFirst().orElseThrow());
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp plain = AgentApp.builder(OldKafkaApp.class.getName()).classpath(classpath).withoutAgent().name("old-kafka-plain").start();
        AgentApp app =
            AgentApp.builder(OldKafkaApp.class.getName())
                .classpath(classpath)
                .receiver(otlp)
                .serviceName("old-kafka")
                .sysProp("lantern.log.level", "debug")
                .start()) {
      String expected = PatientHttp.get(plain.url("/kafka")).requireStatus(200).body();
      assertEquals("send-callback=TimeoutException poll-threw=WakeupException", expected);
      assertEquals(expected, PatientHttp.get(app.url("/kafka")).requireStatus(200).body());
      otlp.awaitSpanNamed("GET /kafka", Probe.WAIT);
      String skipped = app.jvm().awaitLine(Pattern.compile(".*\\[lantern\\] DEBUG SupportedVersion kafka-clients: org\\.apache\\.kafka\\.clients\\.producer\\.KafkaProducer in .* is a version outside the supported range \\(2\\.0\\+.*"), Probe.WAIT);
      PrometheusScrape scrape = app.scrape();
      List<String> skipLines = app.jvm().output().stream().filter(l -> l.contains("DEBUG SupportedVersion kafka-clients:")).collect(Collectors.toList());
      assertEquals(1, skipLines.size(), "logged once for the loader, not once per instrumented type: " + skipLines);
      assertEquals(0.0, scrape.sum("lantern_agent_transforms_total", Map.of("instrumentation", "kafka-clients")), "nothing of kafka-clients woven");
      assertTrue(otlp.spans().stream().noneMatch(s -> s.scopeName().equals("lantern.kafka-clients")), otlp.spans().toString());
      assertEquals(0.0, Probe.adviceErrors(app));
      assertEquals(List.of(), app.agentWarnings());
      assertEquals(List.of(), app.jvm().output().stream().filter(l -> LINKAGE_TROUBLE.matcher(l).find()).collect(Collectors.toList()));
      Figures.record("Class loading", "kafka-clients 0.10.2 (outside the supported 2.0+) sending and polling",
          "not woven at all (0 transforms, no span, no advice error), one debug line: " + skipped.substring(skipped.indexOf("kafka-clients:")) + "; the application's callback and exception as without the agent");
    }
  }

  private static Path libs(String property) {
    return Path.of(System.getProperty("lantern.reliability." + property));
  }

  /** A web application directory: this module's webapp classes and its own copies of the libraries. */
  private static Path webapp(Path root, boolean ownOtel) {
    try {
      Path classes = root.resolve("WEB-INF/classes/dev/lantern/testapps/reliability/webapp");
      Files.createDirectories(classes);
      Path compiled = Path.of(System.getProperty("lantern.reliability.appClasses"), "dev/lantern/testapps/reliability/webapp");
      try (Stream<Path> files = Files.list(compiled)) {
        for (Path f : files.collect(Collectors.toList())) {
          Files.copy(f, classes.resolve(f.getFileName()));
        }
      }
      Path lib = Files.createDirectories(root.resolve("WEB-INF/lib"));
      List<String> jars = new ArrayList<>(ReliabilityApps.jars(libs("webappLibs").resolve("okhttp3")));
      jars.addAll(ReliabilityApps.jars(libs("webappLibs").resolve("h2")));
      if (ownOtel) {
        jars.addAll(ReliabilityApps.jars(libs("webappLibs").resolve("otel")));
      }
      for (String jar : jars) {
        Files.copy(Path.of(jar), lib.resolve(Path.of(jar).getFileName()));
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
