package dev.lantern.testapps.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.ReceivedSpan;
import dev.lantern.testing.llm.LlmServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app with content capture switched on (cut to 24 characters), a user price file, and its own
 * OpenTelemetry SDK registered as GlobalOpenTelemetry (so the Anthropic SDK emits its own spans).
 */
class ContentCaptureIT {

  @TempDir static Path dir;

  private static LlmServer llm;
  private static OtlpReceiver otlp;
  private static AgentApp app;

  @BeforeAll
  static void start() throws Exception {
    Path prices = dir.resolve("prices.properties");
    Files.write(prices, "# ours\ngpt-4o = 1.00,2.00\n".getBytes(StandardCharsets.UTF_8));
    llm = LlmServer.start();
    otlp = OtlpReceiver.start();
    app =
        LlmApps.builder(otlp, llm, "capture")
            .sysProp("lantern.traces.export.delay-ms", "100")
            .sysProp("lantern.genai.capture-content", "true")
            .sysProp("lantern.genai.capture-content.max-length", "24")
            .sysProp("lantern.genai.prices.file", prices.toString())
            .sysProp("app.otel", "true")
            .start();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (otlp != null) {
      otlp.close();
    }
    if (llm != null) {
      llm.close();
    }
  }

  @BeforeEach
  void reset() {
    llm.reset();
  }

  private static final String INPUT =
      "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are terse.\"}]},"
          + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Say hello …\"}]}]";
  private static final String OUTPUT =
      "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Echo: Say hello to Lante…\"}],"
          + "\"finish_reason\":\"stop\"}]";

  @Test
  void promptAndCompletionAreRecordedAndCut() {
    ReceivedSpan span = Traced.run(app, otlp, "openai-chat", null, 1).genAi();
    assertEquals(INPUT, span.attr("gen_ai.input.messages"));
    assertEquals(OUTPUT, span.attr("gen_ai.output.messages"));
  }

  @Test
  void streamedCompletionIsRecordedToo() {
    ReceivedSpan span = Traced.run(app, otlp, "openai-chat-stream", null, 1).genAi();
    assertEquals(INPUT, span.attr("gen_ai.input.messages"));
    assertEquals(OUTPUT, span.attr("gen_ai.output.messages"));
  }

  @Test
  void langChain4jAndAnthropicContent() {
    ReceivedSpan lc = Traced.run(app, otlp, "langchain4j-chat", null, 1).genAi();
    assertEquals(
        "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Answer briefly.\"}]},"
            + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"How are t…\"}]}]",
        lc.attr("gen_ai.input.messages"));
    ReceivedSpan claude = Traced.run(app, otlp, "anthropic-messages", null, 1).genAi();
    assertTrue(
        claude.attr("gen_ai.output.messages").contains("\"content\":\"Echo: Tell me about trac…\""),
        claude.attr("gen_ai.output.messages"));
  }

  @Test
  void userPriceFileOverridesTheShippedPrice() {
    ReceivedSpan span = Traced.run(app, otlp, "openai-chat", null, 1).genAi();
    assertEquals(7 * 1.00 / 1e6 + 5 * 2.00 / 1e6, (Double) span.attributes().get("lantern.gen_ai.usage.cost_usd"), 1e-12);
    assertTrue(app.agentLines().stream().anyMatch(l -> l.contains("GenAI prices from " + dir.resolve("prices.properties"))),
        String.join("\n", app.agentLines()));
  }

  @Test
  void anthropicWithTheApplicationsOwnOpenTelemetryStillGivesOneLanternSpan() {
    Traced t = Traced.run(app, otlp, "anthropic-messages", null, 1);
    assertTrue(t.body().startsWith("ok text=Echo: Tell me about tracing"), t.body());
    assertEquals("lantern.anthropic-java", t.genAi().scopeName()); // exactly one GenAI span for Lantern
    String appSpans = Http.get(app.url("/app-otel/spans")).requireStatus(200).body();
    List<String> lines = appSpans.lines().filter(l -> l.startsWith("span ")).toList();
    // the SDK's own span went to the application's SDK, in the application's own trace
    assertTrue(!lines.isEmpty(), "the Anthropic SDK's own spans reach the application's SDK: " + appSpans);
    for (String line : lines) {
      assertNotEquals(t.server().traceId(), line.substring(line.indexOf("trace=") + 6), line);
    }
  }
}
