package dev.lantern.testing.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiResponsesChatModel;
import dev.langchain4j.model.openai.OpenAiResponsesStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LangChain4j's OpenAI module (dev.langchain4j:langchain4j-open-ai, JDK HTTP client) against the server. */
class LangChain4jTest {
  private static LlmServer server;

  @BeforeAll
  static void start() {
    server = LlmServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  private static OpenAiChatModel chatModel(Map<String, String> headers) {
    return OpenAiChatModel.builder()
        .baseUrl(server.openAiBaseUrl())
        .apiKey("sk-test")
        .modelName("gpt-4o")
        .maxRetries(0)
        .customHeaders(headers)
        .build();
  }

  private static OpenAiStreamingChatModel streamingModel(Map<String, String> headers) {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(server.openAiBaseUrl())
        .apiKey("sk-test")
        .modelName("gpt-4o")
        .customHeaders(headers)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(RecordedRequest request) {
    return (Map<String, Object>) request.json();
  }

  private static ChatRequest request() {
    return ChatRequest.builder()
        .messages(SystemMessage.from("Answer briefly."), UserMessage.from("How are tokens counted here?"))
        .build(); // 2 + 5 input words; reply "Echo: How are tokens counted here?" = 6 words
  }

  /** Collects a streaming answer; the future fails with the handler's error. */
  private static final class Collector implements StreamingChatResponseHandler {
    final List<String> partials = new CopyOnWriteArrayList<>();
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String partial) {
      partials.add(partial);
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
      done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }
  }

  @Test
  void blockingChat() {
    ChatResponse response = chatModel(Map.of()).chat(request());
    assertEquals("Echo: How are tokens counted here?", response.aiMessage().text());
    assertEquals("gpt-4o-2024-08-06", response.metadata().modelName());
    assertEquals(7, response.tokenUsage().inputTokenCount());
    assertEquals(6, response.tokenUsage().outputTokenCount());
    assertEquals(13, response.tokenUsage().totalTokenCount());
    assertEquals(FinishReason.STOP, response.finishReason());
    assertEquals("gpt-4o", body(server.requests().get(0)).get("model"));
  }

  @Test
  void simpleStringChatAndClassifier() {
    String label = chatModel(Map.of()).chat(
        "Classify this ticket: Please add a dark mode feature to the dashboard");
    assertEquals("feature_request", label);
  }

  @Test
  void streamingChat() throws Exception {
    Collector collector = new Collector();
    streamingModel(Map.of()).chat(request(), collector);
    ChatResponse response = collector.done.get(30, TimeUnit.SECONDS);
    assertEquals("Echo: How are tokens counted here?", String.join("", collector.partials));
    assertEquals("Echo: How are tokens counted here?", response.aiMessage().text());
    assertEquals("gpt-4o-2024-08-06", response.metadata().modelName());
    // LangChain4j asks for stream_options.include_usage and reads the final usage chunk.
    assertEquals(Map.of("include_usage", true), body(server.requests().get(0)).get("stream_options"));
    assertEquals(7, response.tokenUsage().inputTokenCount());
    assertEquals(6, response.tokenUsage().outputTokenCount());
  }

  @Test
  void streamingWithoutUsage() throws Exception {
    Collector collector = new Collector();
    streamingModel(Map.of(LlmServer.FAULT_HEADER, "no-usage")).chat(request(), collector);
    ChatResponse response = collector.done.get(30, TimeUnit.SECONDS);
    assertEquals("Echo: How are tokens counted here?", response.aiMessage().text());
    assertNull(response.tokenUsage());
  }

  @Test
  void brokenStreamCallsOnError() {
    Collector collector = new Collector();
    streamingModel(Map.of(LlmServer.FAULT_HEADER, "break-stream")).chat(request(), collector);
    ExecutionException e = assertThrows(ExecutionException.class, () -> collector.done.get(30, TimeUnit.SECONDS));
    assertNotNull(e.getCause());
    // how much of the cut stream LangChain4j hands on before it notices depends on timing;
    // never more than what was sent before the cut
    assertTrue(collector.partials.isEmpty() || collector.partials.equals(List.of("Echo:")),
        collector.partials.toString());
  }

  @Test
  void rateLimit() {
    assertThrows(RateLimitException.class, () -> chatModel(Map.of(LlmServer.FAULT_HEADER, "429")).chat(request()));
    assertEquals(1, server.requests().size());
  }

  @Test
  void serverError() {
    assertThrows(InternalServerException.class,
        () -> chatModel(Map.of(LlmServer.FAULT_HEADER, "500")).chat(request()));
  }

  @Test
  void streamingRateLimitCallsOnError() {
    Collector collector = new Collector();
    streamingModel(Map.of(LlmServer.FAULT_HEADER, "429")).chat(request(), collector);
    ExecutionException e = assertThrows(ExecutionException.class, () -> collector.done.get(30, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof RateLimitException, e.getCause().toString());
  }

  @Test
  void embeddings() {
    OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder()
        .baseUrl(server.openAiBaseUrl())
        .apiKey("sk-test")
        .modelName("text-embedding-3-small")
        .dimensions(8)
        .maxRetries(0)
        .build();
    Response<Embedding> response = model.embed("embed these four words");
    assertEquals(8, response.content().vector().length);
    assertEquals(LlmServer.vector("embed these four words", 8)[0], response.content().vector()[0]);
    assertEquals(4, response.tokenUsage().inputTokenCount());
  }

  @Test
  void responsesApi() {
    OpenAiResponsesChatModel model = OpenAiResponsesChatModel.builder()
        .baseUrl(server.openAiBaseUrl())
        .apiKey("sk-test")
        .modelName("gpt-4o")
        .build();
    ChatResponse response = model.chat(request());
    assertEquals("Echo: How are tokens counted here?", response.aiMessage().text());
    assertEquals("gpt-4o-2024-08-06", response.metadata().modelName());
    assertEquals(7, response.tokenUsage().inputTokenCount());
    assertEquals(6, response.tokenUsage().outputTokenCount());
    assertEquals("/v1/responses", server.requests().get(0).path());
  }

  @Test
  void responsesApiStreaming() throws Exception {
    OpenAiResponsesStreamingChatModel model = OpenAiResponsesStreamingChatModel.builder()
        .baseUrl(server.openAiBaseUrl())
        .apiKey("sk-test")
        .modelName("gpt-4o")
        .build();
    Collector collector = new Collector();
    model.chat(request(), collector);
    ChatResponse response = collector.done.get(30, TimeUnit.SECONDS);
    assertEquals("Echo: How are tokens counted here?", String.join("", collector.partials));
    assertEquals("Echo: How are tokens counted here?", response.aiMessage().text());
    assertEquals(7, response.tokenUsage().inputTokenCount());
    assertEquals(6, response.tokenUsage().outputTokenCount());
    assertFalse(server.requests().isEmpty());
  }

  @Test
  void responsesApiProgrammaticFault() {
    OpenAiResponsesChatModel model = OpenAiResponsesChatModel.builder()
        .baseUrl(server.openAiBaseUrl())
        .apiKey("sk-test")
        .modelName("gpt-4o")
        .build();
    server.failAll(429);
    assertThrows(RateLimitException.class, () -> model.chat(request()));
  }
}
