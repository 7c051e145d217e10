package dev.lantern.testapps.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.llm.LlmServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same scenarios, answers, failures and broken streams, run once without the agent and once
 * under it: the application sees exactly the same results and exceptions.
 */
class SameBehaviourIT {

  /** scenario, fault (null: none). */
  private static final String[][] SCENARIOS = {
    {"openai-chat", null},
    {"openai-chat", "429"},
    {"openai-chat", "500"},
    {"openai-chat", "no-usage"},
    {"openai-chat", "negative-usage"},
    {"openai-chat", "break-stream"},
    {"openai-chat-async", null},
    {"openai-chat-async", "429"},
    {"openai-chat-stream", null},
    {"openai-chat-stream", "break-stream"},
    {"openai-chat-stream", "stream-error"},
    {"openai-chat-stream", "429"},
    {"openai-chat-stream-early-close", null},
    {"openai-chat-stream-async", null},
    {"openai-chat-stream-async", "break-stream"},
    {"openai-responses", null},
    {"openai-responses-stream", null},
    {"openai-responses-stream", "stream-error"},
    {"openai-embeddings", null},
    {"openai-embeddings", "500"},
    {"anthropic-messages", null},
    {"anthropic-messages", "429"},
    {"anthropic-messages", "529"},
    {"anthropic-messages", "no-usage"},
    {"anthropic-messages-async", "500"},
    {"anthropic-messages-stream", null},
    {"anthropic-messages-stream", "break-stream"},
    {"anthropic-messages-stream", "stream-error"},
    {"anthropic-messages-stream-async", null},
    {"anthropic-messages-stream-async", "break-stream"},
    {"langchain4j-chat", null},
    {"langchain4j-chat", "500"},
    {"langchain4j-chat-stream", null},
    {"langchain4j-chat-stream", "429"},
    {"langchain4j-chat-stream", "break-stream"},
    {"langchain4j-over-sdk", null},
  };

  private static List<String> runAll(AgentApp app, LlmServer llm) {
    List<String> outcomes = new ArrayList<>();
    for (String[] s : SCENARIOS) {
      llm.reset();
      outcomes.add(s[0] + (s[1] == null ? "" : "[" + s[1] + "]") + " -> " + LlmApps.call(app, s[0], s[1]));
    }
    return outcomes;
  }

  @Test
  void theApplicationSeesTheSameResponsesAndExceptionsWithAndWithoutTheAgent() {
    try (LlmServer llm = LlmServer.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      List<String> without;
      try (AgentApp plain = LlmApps.builder(otlp, llm, "plain").withoutAgent().start()) {
        without = runAll(plain, llm);
      }
      assertEquals(0, otlp.spans().size());
      List<String> with;
      try (AgentApp traced = LlmApps.builder(otlp, llm, "traced").start()) {
        with = runAll(traced, llm);
        // the agent was really at work: one GenAI span per scenario
        otlp.awaitSpans(
            "a GenAI span per scenario",
            spans -> LlmApps.genAiSpans(spans).size() >= SCENARIOS.length,
            LlmApps.WAIT);
      }
      assertEquals(String.join("\n", without), String.join("\n", with));
      assertTrue(without.stream().anyMatch(o -> o.contains("error class=")), "failures are among the scenarios");
    }
  }
}
