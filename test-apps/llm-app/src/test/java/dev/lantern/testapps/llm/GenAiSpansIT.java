package dev.lantern.testapps.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.ReceivedSpan;
import dev.lantern.testing.llm.LlmServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LLM app under the agent, default settings, the LLM server in this JVM: GenAI spans, their
 * place in the trace, token counts, cost, metrics and errors for the three instrumentations.
 */
class GenAiSpansIT {

  private static LlmServer llm;
  private static OtlpReceiver otlp;
  private static AgentApp app;

  @BeforeAll
  static void start() {
    llm = LlmServer.start();
    otlp = OtlpReceiver.start();
    app = LlmApps.builder(otlp, llm, "classifier").sysProp("lantern.traces.export.delay-ms", "100").start();
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

  private static Traced run(String scenario) {
    return Traced.run(app, otlp, scenario, null, 1);
  }

  private static Traced run(String scenario, String fault) {
    return Traced.run(app, otlp, scenario, fault, 1);
  }

  private static void assertChildOfServer(Traced t, ReceivedSpan genAi) {
    assertEquals(t.server().spanId(), genAi.parentSpanId(), "GenAI span under the HTTP server span");
  }

  @Test
  void openAiChatCompletion() {
    Metrics metrics = Metrics.snapshot(app);
    Traced t = run("openai-chat");
    assertEquals("ok text=Echo: Say hello to Lantern model=gpt-4o-2024-08-06 usage=7/5 finish=stop", t.body());

    ReceivedSpan span = t.genAi();
    assertEquals("chat gpt-4o", span.name());
    assertEquals("CLIENT", span.kind());
    assertEquals("lantern.openai-java", span.scopeName());
    assertChildOfServer(t, span);
    assertEquals("chat", span.attr("gen_ai.operation.name"));
    assertEquals("127.0.0.1", span.attr("gen_ai.provider.name")); // an OpenAI-compatible host
    assertEquals("gpt-4o", span.attr("gen_ai.request.model"));
    assertEquals("gpt-4o-2024-08-06", span.attr("gen_ai.response.model"));
    assertEquals(0.2, (Double) span.attributes().get("gen_ai.request.temperature"), 1e-9);
    assertEquals(64L, span.longAttr("gen_ai.request.max_tokens"));
    assertEquals(7L, span.longAttr("gen_ai.usage.input_tokens"));
    assertEquals(5L, span.longAttr("gen_ai.usage.output_tokens"));
    assertEquals(List.of("stop"), span.attributes().get("gen_ai.response.finish_reasons"));
    assertTrue(span.attr("gen_ai.response.id").startsWith("chatcmpl-"), span.toString());
    assertEquals("127.0.0.1", span.attr("server.address"));
    assertEquals((long) llm.port(), span.longAttr("server.port"));
    // gpt-4o: 2.50 in, 10.00 out per million tokens
    double cost = 7 * 2.50 / 1e6 + 5 * 10.00 / 1e6;
    assertEquals(cost, (Double) span.attributes().get("lantern.gen_ai.usage.cost_usd"), 1e-12);
    assertEquals("STATUS_CODE_UNSET", "STATUS_CODE_" + span.statusCode().replace("STATUS_CODE_", ""));
    // content capture is off by default
    assertNull(span.attr("gen_ai.input.messages"));
    assertNull(span.attr("gen_ai.output.messages"));
    assertTrue(llm.requests().get(0).body().contains("Say hello to Lantern")); // the prompt did go out

    Map<String, String> labels =
        Map.of(
            "gen_ai_operation_name", "chat",
            "gen_ai_provider_name", "127.0.0.1",
            "gen_ai_request_model", "gpt-4o",
            "gen_ai_response_model", "gpt-4o-2024-08-06");
    assertEquals(1.0, metrics.delta("gen_ai_client_operation_duration_seconds_count", with(labels, "error_type", "")));
    assertEquals(7.0, metrics.delta("gen_ai_client_token_usage_sum", with(labels, "gen_ai_token_type", "input")));
    assertEquals(5.0, metrics.delta("gen_ai_client_token_usage_sum", with(labels, "gen_ai_token_type", "output")));
    assertEquals(1.0, metrics.delta("gen_ai_client_token_usage_count", with(labels, "gen_ai_token_type", "output")));
    assertEquals(
        1.0,
        metrics.delta(
            "gen_ai_client_calls_total",
            Map.of("gen_ai_provider_name", "127.0.0.1", "gen_ai_request_model", "gpt-4o", "status", "ok")));
    Map<String, String> costLabels =
        Map.of("gen_ai_provider_name", "127.0.0.1", "gen_ai_response_model", "gpt-4o-2024-08-06");
    assertEquals(7 * 2.50 / 1e6, metrics.delta("gen_ai_client_cost_usd_total", with(costLabels, "gen_ai_token_type", "input")), 1e-12);
    assertEquals(5 * 10.00 / 1e6, metrics.delta("gen_ai_client_cost_usd_total", with(costLabels, "gen_ai_token_type", "output")), 1e-12);
    String health = dev.lantern.testing.Http.get(app.metricsUrl("/health/dependencies")).requireStatus(200).body();
    assertTrue(health.contains("\"id\":\"llm:127.0.0.1:gpt-4o\""), "the provider and model are a dependency: " + health);
  }

  @Test
  void openAiAsyncChatCompletion() {
    Traced t = run("openai-chat-async");
    assertEquals("ok text=Echo: Say hello to Lantern model=gpt-4o-2024-08-06 usage=7/5 finish=stop", t.body());
    ReceivedSpan span = t.genAi();
    assertChildOfServer(t, span);
    assertEquals(7L, span.longAttr("gen_ai.usage.input_tokens"));
    assertEquals("gpt-4o-2024-08-06", span.attr("gen_ai.response.model"));
  }

  @Test
  void openAiStreamingEndsWithTheStreamAndRecordsTimeToFirstChunk() {
    Metrics metrics = Metrics.snapshot(app);
    Traced t = run("openai-chat-stream");
    assertEquals("ok stream text=Echo: Say hello to Lantern chunks=7 usage=7/5", t.body());
    ReceivedSpan span = t.genAi();
    assertChildOfServer(t, span);
    assertEquals("true", span.attr("lantern.gen_ai.streaming"));
    assertEquals(7L, span.longAttr("gen_ai.usage.input_tokens"));
    assertEquals(5L, span.longAttr("gen_ai.usage.output_tokens"));
    assertEquals(List.of("stop"), span.attributes().get("gen_ai.response.finish_reasons"));
    double ttft = (Double) span.attributes().get("gen_ai.response.time_to_first_chunk");
    assertTrue(ttft > 0 && ttft * 1e9 <= span.durationNanos(), "time to first chunk " + ttft + " within " + span);
    assertEquals(
        1.0,
        metrics.delta(
            "gen_ai_client_operation_time_to_first_chunk_seconds_count",
            Map.of("gen_ai_provider_name", "127.0.0.1", "gen_ai_request_model", "gpt-4o")));
  }

  @Test
  void openAiStreamClosedEarlyEndsTheSpanWithoutError() {
    Traced t = run("openai-chat-stream-early-close");
    assertTrue(t.body().startsWith("closed-early"), t.body());
    ReceivedSpan span = t.genAi();
    assertNull(span.attr("error.type"));
    assertNull(span.attr("gen_ai.usage.output_tokens")); // the usage chunk was never read
  }

  @Test
  void openAiAsyncStream() {
    Traced t = run("openai-chat-stream-async");
    assertEquals("ok async-stream text=Echo: Say hello to Lantern", t.body());
    ReceivedSpan span = t.genAi();
    assertEquals(5L, span.longAttr("gen_ai.usage.output_tokens"));
    assertNotNull(span.attributes().get("gen_ai.response.time_to_first_chunk"));
  }

  @Test
  void openAiStreamBreakingOffMidwayIsAnErrorSpan() {
    Traced t = run("openai-chat-stream", "break-stream");
    assertTrue(t.body().startsWith("error class="), t.body());
    ReceivedSpan span = t.genAi();
    assertEquals("STATUS_CODE_ERROR", "STATUS_CODE_" + span.statusCode().replace("STATUS_CODE_", ""));
    assertEquals(t.body().substring("error class=".length()).split(" ")[0], span.attr("error.type"));
    assertNotNull(span.attributes().get("gen_ai.response.time_to_first_chunk")); // "Echo:" arrived first
  }

  @Test
  void openAiResponsesApiBlockingAndStreaming() {
    Traced blocking = run("openai-responses");
    assertEquals("ok responses usage=5/4 status=completed", blocking.body());
    ReceivedSpan span = blocking.genAi();
    assertEquals("chat gpt-4o", span.name());
    assertEquals(5L, span.longAttr("gen_ai.usage.input_tokens"));
    assertEquals(4L, span.longAttr("gen_ai.usage.output_tokens"));
    assertEquals("gpt-4o-2024-08-06", span.attr("gen_ai.response.model"));

    Traced streamed = run("openai-responses-stream");
    assertEquals("ok responses-stream text=Echo: What is Lantern?", streamed.body());
    ReceivedSpan streamSpan = streamed.genAi();
    assertEquals(4L, streamSpan.longAttr("gen_ai.usage.output_tokens"));
    assertNotNull(streamSpan.attributes().get("gen_ai.response.time_to_first_chunk"));
  }

  @Test
  void openAiEmbeddings() {
    Traced t = run("openai-embeddings");
    assertEquals("ok embeddings dims=16 usage=3", t.body());
    ReceivedSpan span = t.genAi();
    assertEquals("embeddings text-embedding-3-small", span.name());
    assertEquals("embeddings", span.attr("gen_ai.operation.name"));
    assertEquals(3L, span.longAttr("gen_ai.usage.input_tokens"));
    assertNull(span.attr("gen_ai.usage.output_tokens"));
    assertEquals(List.of("base64"), span.attributes().get("gen_ai.request.encoding_formats"));
    assertEquals(3 * 0.02 / 1e6, (Double) span.attributes().get("lantern.gen_ai.usage.cost_usd"), 1e-15);
  }

  @Test
  void openAiRateLimitIsAnErrorWithTheProvidersType() {
    Metrics metrics = Metrics.snapshot(app);
    Traced t = run("openai-chat", "429");
    assertEquals("error class=com.openai.errors.RateLimitException status=429", t.body());
    ReceivedSpan span = t.genAi();
    assertEquals("STATUS_CODE_ERROR", "STATUS_CODE_" + span.statusCode().replace("STATUS_CODE_", ""));
    assertEquals("com.openai.errors.RateLimitException", span.attr("error.type"));
    assertEquals(429L, span.longAttr("http.response.status_code"));
    assertEquals("rate_limit_exceeded", span.attr("lantern.gen_ai.provider.error_type"));
    assertNull(span.attr("gen_ai.usage.input_tokens"));
    assertEquals(
        1.0,
        metrics.delta(
            "gen_ai_client_calls_total",
            Map.of("gen_ai_request_model", "gpt-4o", "status", "error", "error_type", "com.openai.errors.RateLimitException")));
  }

  @Test
  void retriedServerErrorsAreOneGenAiSpan() {
    llm.failAll(500);
    Traced t = run("openai-chat-retrying");
    assertEquals("error class=com.openai.errors.InternalServerException status=500", t.body());
    assertEquals(3, llm.requests().size()); // the SDK's two retries
    ReceivedSpan span = t.genAi();
    assertEquals("com.openai.errors.InternalServerException", span.attr("error.type"));
    assertEquals(500L, span.longAttr("http.response.status_code"));
  }

  @Test
  void unpricedModelCountsTokensWithoutCostAndSaysSoOnce() {
    Metrics metrics = Metrics.snapshot(app);
    Traced first = run("openai-chat-unknown-model");
    run("openai-chat-unknown-model");
    assertTrue(first.body().contains("model=my-local-model usage=7/5"), first.body());
    assertNull(first.genAi().attr("lantern.gen_ai.usage.cost_usd"));
    assertEquals(
        14.0,
        metrics.delta(
            "gen_ai_client_token_usage_sum",
            Map.of("gen_ai_request_model", "my-local-model", "gen_ai_token_type", "input")));
    assertEquals(0.0, metrics.delta("gen_ai_client_cost_usd_total", Map.of("gen_ai_response_model", "my-local-model")));
    long notes = app.agentLines().stream().filter(l -> l.contains("'my-local-model' has no price")).count();
    assertEquals(1, notes, String.join("\n", app.agentLines()));
  }

  @Test
  void negativeUsageIsNotRecorded() {
    Metrics metrics = Metrics.snapshot(app);
    Traced t = run("openai-chat", "negative-usage");
    assertTrue(t.body().contains("usage=-7/-5"), t.body());
    ReceivedSpan span = t.genAi();
    assertNull(span.attr("gen_ai.usage.input_tokens"));
    assertNull(span.attr("lantern.gen_ai.usage.cost_usd"));
    assertEquals(0.0, metrics.delta("gen_ai_client_token_usage_count", Map.of("gen_ai_request_model", "gpt-4o")));
  }

  @Test
  void anthropicMessagesBlockingAndAsync() {
    Metrics metrics = Metrics.snapshot(app);
    Traced t = run("anthropic-messages");
    assertEquals(
        "ok text=Echo: Tell me about tracing model=claude-sonnet-4-5-20250929 usage=9/5 stop=end_turn", t.body());
    ReceivedSpan span = t.genAi();
    assertEquals("chat claude-sonnet-4-5", span.name());
    assertEquals("lantern.anthropic-java", span.scopeName());
    assertChildOfServer(t, span);
    assertEquals("anthropic", span.attr("gen_ai.provider.name"));
    assertEquals("claude-sonnet-4-5-20250929", span.attr("gen_ai.response.model"));
    assertEquals(256L, span.longAttr("gen_ai.request.max_tokens"));
    assertEquals(9L, span.longAttr("gen_ai.usage.input_tokens"));
    assertEquals(5L, span.longAttr("gen_ai.usage.output_tokens"));
    assertEquals(List.of("end_turn"), span.attributes().get("gen_ai.response.finish_reasons"));
    assertTrue(span.attr("gen_ai.response.id").startsWith("msg_"));
    double cost = 9 * 3.00 / 1e6 + 5 * 15.00 / 1e6; // claude-sonnet-4-5
    assertEquals(cost, (Double) span.attributes().get("lantern.gen_ai.usage.cost_usd"), 1e-12);
    assertEquals(
        cost,
        metrics.delta(
            "gen_ai_client_cost_usd_total",
            Map.of("gen_ai_provider_name", "anthropic", "gen_ai_response_model", "claude-sonnet-4-5-20250929")),
        1e-12);

    Traced async = run("anthropic-messages-async");
    assertTrue(async.body().endsWith("usage=9/5 stop=end_turn"), async.body());
    assertEquals(5L, async.genAi().longAttr("gen_ai.usage.output_tokens"));
  }

  @Test
  void anthropicStreamsTakeTheFinalUsageFromMessageDelta() {
    Traced t = run("anthropic-messages-stream");
    assertEquals("ok stream text=Echo: Tell me about tracing deltas=5", t.body());
    ReceivedSpan span = t.genAi();
    assertEquals(9L, span.longAttr("gen_ai.usage.input_tokens"));
    assertEquals(5L, span.longAttr("gen_ai.usage.output_tokens")); // replaced, not 1 + 5
    assertEquals(List.of("end_turn"), span.attributes().get("gen_ai.response.finish_reasons"));
    assertNotNull(span.attributes().get("gen_ai.response.time_to_first_chunk"));

    Traced async = run("anthropic-messages-stream-async");
    assertEquals("ok async-stream text=Echo: Tell me about tracing", async.body());
    assertEquals(5L, async.genAi().longAttr("gen_ai.usage.output_tokens"));
  }

  @Test
  void anthropicOverloadedAndBrokenStream() {
    Traced overloaded = run("anthropic-messages", "529");
    assertEquals("error class=com.anthropic.errors.OverloadedException status=529", overloaded.body());
    ReceivedSpan span = overloaded.genAi();
    assertEquals("com.anthropic.errors.OverloadedException", span.attr("error.type"));
    assertEquals("overloaded_error", span.attr("lantern.gen_ai.provider.error_type"));
    assertEquals(529L, span.longAttr("http.response.status_code"));

    Traced broken = run("anthropic-messages-stream", "break-stream");
    assertTrue(broken.body().startsWith("error class="), broken.body());
    ReceivedSpan brokenSpan = broken.genAi();
    assertEquals(broken.body().substring("error class=".length()).split(" ")[0], brokenSpan.attr("error.type"));
    assertEquals(9L, brokenSpan.longAttr("gen_ai.usage.input_tokens")); // message_start arrived
  }

  @Test
  void langChain4jChatIsOneSpanOverTheHttpClientSpan() {
    Traced t = run("langchain4j-chat");
    assertEquals(
        "ok text=Echo: How are tokens counted here? model=gpt-4o-2024-08-06 usage=7/6 finish=STOP", t.body());
    ReceivedSpan span = t.genAi();
    assertEquals("chat gpt-4o", span.name());
    assertEquals("lantern.langchain4j", span.scopeName());
    assertChildOfServer(t, span);
    assertEquals("openai", span.attr("gen_ai.provider.name"));
    assertEquals(0.3, (Double) span.attributes().get("gen_ai.request.temperature"), 1e-9);
    assertEquals(7L, span.longAttr("gen_ai.usage.input_tokens"));
    assertEquals(6L, span.longAttr("gen_ai.usage.output_tokens"));
    assertEquals(List.of("stop"), span.attributes().get("gen_ai.response.finish_reasons"));
    ReceivedSpan http =
        t.trace().stream().filter(s -> s.scopeName().equals("lantern.java-http-client")).findFirst().orElseThrow();
    assertEquals(span.spanId(), http.parentSpanId(), "the HTTP client span is the GenAI span's child");
    assertEquals(span.traceId() + "-" + http.spanId(), span.traceId() + "-" + llmTraceparentSpanId());
  }

  /** The span id in the traceparent the LLM server received on the last request. */
  private static String llmTraceparentSpanId() {
    String traceparent = llm.requests().get(llm.requests().size() - 1).header("traceparent");
    assertNotNull(traceparent);
    return traceparent.split("-")[2];
  }

  @Test
  void langChain4jStreamingAndErrors() {
    Traced t = run("langchain4j-chat-stream");
    assertTrue(t.body().startsWith("ok stream partials="), t.body());
    ReceivedSpan span = t.genAi();
    assertEquals(6L, span.longAttr("gen_ai.usage.output_tokens"));
    assertEquals("gpt-4o-2024-08-06", span.attr("gen_ai.response.model"));
    assertNotNull(span.attributes().get("gen_ai.response.time_to_first_chunk"));

    Traced limited = run("langchain4j-chat", "429");
    assertEquals("error class=dev.langchain4j.exception.RateLimitException", limited.body().replaceAll(" status=\\d+", ""));
    assertEquals("dev.langchain4j.exception.RateLimitException", limited.genAi().attr("error.type"));

    Traced broken = run("langchain4j-chat-stream", "break-stream");
    assertTrue(broken.body().startsWith("stream-error"), broken.body());
    assertNotNull(broken.genAi().attr("error.type"));
  }

  @Test
  void langChain4jOverTheOpenAiSdkIsOneSpan() {
    Traced t = run("langchain4j-over-sdk");
    assertTrue(t.body().startsWith("ok text=Echo: How are tokens counted here? model=gpt-4o-mini-2024-07-18"), t.body());
    ReceivedSpan span = t.genAi(); // exactly one GenAI span: the SDK call inside is not a second one
    assertEquals("lantern.langchain4j", span.scopeName());
    assertEquals("chat gpt-4o-mini", span.name());
    assertEquals(7L, span.longAttr("gen_ai.usage.input_tokens"));
  }

  @Test
  void noUnknownKeyWarningsForTheGenAiKeys() {
    assertTrue(
        app.agentWarnings().stream().noneMatch(l -> l.contains("lantern.genai")), String.join("\n", app.agentWarnings()));
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> out = new java.util.HashMap<>(labels);
    out.put(key, value);
    return out;
  }
}
