package dev.lantern.testapps.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import dev.lantern.testing.llm.LlmServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each GenAI instrumentation switched off alone: its calls leave no GenAI span, metric or transform. */
class SwitchesIT {

  @ParameterizedTest
  @CsvSource({
    "openai-java, openai-chat, anthropic-messages",
    "anthropic-java, anthropic-messages, openai-chat",
    "langchain4j, langchain4j-chat, openai-chat",
  })
  void switchedOffInstrumentationInstallsNothing(String module, String scenario, String otherScenario) {
    try (LlmServer llm = LlmServer.start();
        OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app =
            LlmApps.builder(otlp, llm, "off-" + module)
                .sysProp("lantern.traces.export.delay-ms", "100")
                .sysProp("lantern.instrumentation." + module + ".enabled", "false")
                .start()) {
      Traced off = Traced.run(app, otlp, scenario, null, 0);
      assertTrue(off.body().startsWith("ok "), off.body());
      assertEquals(List.of(), off.genAiSpans(), "no GenAI span with " + module + " off");
      if (module.equals("langchain4j")) {
        // the HTTP client span underneath is still there, now directly under the server span
        ReceivedSpan http =
            off.trace().stream().filter(s -> s.scopeName().equals("lantern.java-http-client")).findFirst().orElseThrow();
        assertEquals(off.server().spanId(), http.parentSpanId());
      }
      PrometheusScrape scrape = app.scrape();
      assertEquals(0.0, scrape.sum("gen_ai_client_operation_duration_seconds_count", Map.of()));
      assertFalse(
          scrape.find("lantern_agent_transforms_total", Map.of("instrumentation", module)).isPresent(),
          scrape.raw());
      assertEquals(0.0, scrape.value("lantern_agent_instrumentation_enabled", Map.of("instrumentation", module)));

      // the other GenAI instrumentations are unaffected
      Traced other = Traced.run(app, otlp, otherScenario, null, 1);
      assertEquals(1, other.genAiSpans().size());
    }
  }
}
