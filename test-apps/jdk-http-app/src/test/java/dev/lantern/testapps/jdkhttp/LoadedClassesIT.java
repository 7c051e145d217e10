package dev.lantern.testapps.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the agent loads into the application's JVM, read from the JVM's own class-loading log: the
 * OpenTelemetry SDK's span path must not pull in the API's no-op meter (some sixty classes the
 * agent never uses: its tracer provider is given a meter provider that drops), neither at start-up
 * nor on the first server and client spans; and exporting to a plain-http collector must not use
 * HttpURLConnection's connection cache, whose "Keep-Alive-Timer" thread would be one more agent
 * thread in the application (this application makes no HttpURLConnection call of its own).
 */
class LoadedClassesIT {

  @TempDir Path dir;

  @Test
  void noNoopMeterClassesAreLoadedByStartUpOrTheFirstSpansNorIsTheKeepAliveCacheByExport() throws IOException {
    Path classLog = dir.resolve("classes.log");
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      int port = Ports.freePort();
      try (AgentApp app =
          Apps.logback(otlp, "classes")
              .sysProp("app.port", Integer.toString(port))
              .sysProp("app.downstream", "http://127.0.0.1:" + port)
              .jvmArg("-Xlog:class+load=info:file=" + classLog)
              .start()) {
        Http.get(app.url("/call")).requireStatus(200);
        otlp.awaitSpans("the server and client spans of /call", all -> all.size() >= 3, Duration.ofSeconds(15));
      }
    }
    List<String> lines = Files.readAllLines(classLog);
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("dev.lantern.shaded.io.opentelemetry.sdk.trace.SdkSpan ")),
        "the log holds the agent's classes");
    List<String> noopMeter =
        lines.stream()
            .filter(l -> l.contains("dev.lantern.shaded.io.opentelemetry.api.metrics.DefaultMeter"))
            .collect(Collectors.toList());
    assertEquals(List.of(), noopMeter);
    // the spans above reached the receiver, so an export has been made
    List<String> keepAliveCache =
        lines.stream().filter(l -> l.contains("sun.net.www.http.KeepAliveCache")).collect(Collectors.toList());
    assertEquals(List.of(), keepAliveCache);
  }
}
