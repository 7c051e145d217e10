package dev.lantern.testing.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.models.ResponsesModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK (com.openai:openai-java) against the server. */
class OpenAiSdkTest {
  private static LlmServer server;
  private static OpenAIClient client; // maxRetries(0)
  private static OpenAIClient retrying; // the SDK's default retries (2)

  @BeforeAll
  static void start() {
    server = LlmServer.start();
    client = OpenAIOkHttpClient.builder().apiKey("sk-test").baseUrl(server.openAiBaseUrl()).maxRetries(0).build();
    retrying = OpenAIOkHttpClient.builder().apiKey("sk-test").baseUrl(server.openAiBaseUrl()).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    retrying.close();
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  private static ChatCompletionCreateParams.Builder chat() {
    return ChatCompletionCreateParams.builder()
        .model("gpt-4o")
        .addSystemMessage("You are terse.") // 3 words
        .addUserMessage("Say hello to Lantern"); // 4 words
  }

  @Test
  void blockingChatCompletion() {
    ChatCompletion completion = client.chat().completions().create(chat().build());

    assertEquals("Echo: Say hello to Lantern", completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    assertEquals("gpt-4o-2024-08-06", completion.model()); // alias: request model differs from response model
    CompletionUsage usage = completion.usage().orElseThrow();
    assertEquals(7, usage.promptTokens());
    assertEquals(5, usage.completionTokens());
    assertEquals(12, usage.totalTokens());
    assertTrue(completion.id().startsWith("chatcmpl-"));
    completion.validate(); // every required field present and typed as the SDK expects

    RecordedRequest request = server.requests().get(0);
    assertEquals("POST", request.method());
    assertEquals("/v1/chat/completions", request.path());
    assertEquals("Bearer sk-test", request.header("Authorization"));
    assertTrue(request.body().contains("\"gpt-4o\""));
  }

  @Test
  void unaliasedModelIsEchoed() {
    ChatCompletion completion = client.chat().completions().create(chat().model("my-local-model").build());
    assertEquals("my-local-model", completion.model());
  }

  @Test
  void maxCompletionTokensCutsTheReply() {
    ChatCompletion completion = client.chat().completions().create(chat().maxCompletionTokens(2).build());
    assertEquals("Echo: Say", completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, completion.choices().get(0).finishReason());
    assertEquals(2, completion.usage().orElseThrow().completionTokens());
  }

  @Test
  void classifierAnswersWithALabel() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini")
        .addSystemMessage("Classify the webhook as one of: billing, outage, feature_request, other. Answer with the label.")
        .addUserMessage("{\"event\":\"invoice.payment_failed\",\"customer\":\"c_42\"}")
        .build());
    assertEquals("billing", completion.choices().get(0).message().content().orElseThrow());
    assertEquals(1, completion.usage().orElseThrow().completionTokens());
    assertEquals("gpt-4o-mini-2024-07-18", completion.model());
  }

  @Test
  void requestHeadersAreRecorded() {
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    client.chat().completions().create(chat().putAdditionalHeader("traceparent", traceparent).build());
    RecordedRequest request = server.requests("/v1/chat/completions").get(0);
    assertEquals(traceparent, request.header("traceparent"));
    assertEquals(traceparent, request.headers().get("traceparent").get(0));
  }

  @Test
  void streamingChatWithUsage() {
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      chunks = stream.stream().collect(Collectors.toList());
    }
    String text = chunks.stream()
        .flatMap(c -> c.choices().stream())
        .map(c -> c.delta().content().orElse(""))
        .collect(Collectors.joining());
    assertEquals("Echo: Say hello to Lantern", text);
    chunks.forEach(c -> assertEquals("gpt-4o-2024-08-06", c.model()));
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.choices().isEmpty());
    CompletionUsage usage = last.usage().orElseThrow();
    assertEquals(7, usage.promptTokens());
    assertEquals(5, usage.completionTokens());
    assertEquals(12, usage.totalTokens());
    assertEquals(1, chunks.stream().filter(c -> c.usage().isPresent()).count());
    assertEquals(ChatCompletionChunk.Choice.FinishReason.STOP, chunks.get(chunks.size() - 2).choices().get(0)
        .finishReason().orElseThrow());
    chunks.forEach(ChatCompletionChunk::validate);
  }

  @Test
  void streamingChatWithoutUsageOption() {
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat().build())) {
      chunks = stream.stream().collect(Collectors.toList());
    }
    assertTrue(chunks.stream().noneMatch(c -> c.usage().isPresent()));
    assertTrue(chunks.stream().allMatch(c -> c.choices().size() == 1));
  }

  @Test
  void asyncChatCompletion() throws Exception {
    ChatCompletion completion = client.async().chat().completions().create(chat().build()).get(30, TimeUnit.SECONDS);
    assertEquals("Echo: Say hello to Lantern", completion.choices().get(0).message().content().orElseThrow());
    assertEquals(12, completion.usage().orElseThrow().totalTokens());
  }

  @Test
  void asyncStreamingChat() throws Exception {
    StringBuilder text = new StringBuilder();
    List<CompletionUsage> usages = new ArrayList<>();
    AsyncStreamResponse<ChatCompletionChunk> stream = client.async().chat().completions().createStreaming(chat()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());
    stream.subscribe(chunk -> {
      synchronized (text) {
        chunk.choices().forEach(c -> text.append(c.delta().content().orElse("")));
        chunk.usage().ifPresent(usages::add);
      }
    });
    stream.onCompleteFuture().get(30, TimeUnit.SECONDS);
    synchronized (text) {
      assertEquals("Echo: Say hello to Lantern", text.toString());
      assertEquals(1, usages.size());
      assertEquals(5, usages.get(0).completionTokens());
    }
  }

  /**
   * The SDK reads a response's model into a union: a model name it knows (like gpt-4o-2024-08-06) becomes a ChatModel
   * constant, an unknown one a plain string, so {@code asString()} alone is not enough.
   */
  private static String modelName(ResponsesModel model) {
    if (model.isString()) {
      return model.asString();
    }
    if (model.isChat()) {
      return model.asChat().asString();
    }
    return model.asOnly().asString();
  }

  @Test
  void responsesApi() {
    Response response = client.responses().create(ResponseCreateParams.builder()
        .model("gpt-4o")
        .instructions("Be brief.") // 2 words
        .input("What is Lantern?") // 3 words
        .build());
    assertEquals("Echo: What is Lantern?",
        response.output().get(0).asMessage().content().get(0).asOutputText().text());
    assertEquals("gpt-4o-2024-08-06", modelName(response.model()));
    ResponseUsage usage = response.usage().orElseThrow();
    assertEquals(5, usage.inputTokens());
    assertEquals(4, usage.outputTokens());
    assertEquals(9, usage.totalTokens());
    response.validate();
    assertEquals("/v1/responses", server.requests().get(0).path());
  }

  @Test
  void responsesApiStreaming() {
    List<ResponseStreamEvent> events;
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
        .model("gpt-4o").input("stream this please").build())) {
      events = stream.stream().collect(Collectors.toList());
    }
    assertTrue(events.get(0).isCreated());
    String text = events.stream().filter(ResponseStreamEvent::isOutputTextDelta)
        .map(e -> e.asOutputTextDelta().delta()).collect(Collectors.joining());
    assertEquals("Echo: stream this please", text);
    ResponseStreamEvent last = events.get(events.size() - 1);
    assertTrue(last.isCompleted());
    Response done = last.asCompleted().response();
    assertEquals(3, done.usage().orElseThrow().inputTokens());
    assertEquals(4, done.usage().orElseThrow().outputTokens());
    assertEquals("gpt-4o-2024-08-06", modelName(done.model()));
    events.forEach(ResponseStreamEvent::validate);
  }

  @Test
  void responsesApiBrokenStream() {
    List<ResponseStreamEvent> received = new ArrayList<>();
    assertThrows(RuntimeException.class, () -> {
      try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams
          .builder().model("gpt-4o").input("break me").putAdditionalHeader(LlmServer.FAULT_HEADER, "break-stream")
          .build())) {
        stream.stream().forEach(received::add);
      }
    });
    assertTrue(received.get(0).isCreated());
    assertTrue(received.stream().anyMatch(ResponseStreamEvent::isOutputTextDelta));
    assertTrue(received.stream().noneMatch(ResponseStreamEvent::isCompleted));
  }

  @Test
  void responsesApiErrorEventIsAnEventNotAnException() {
    List<ResponseStreamEvent> events;
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams
        .builder().model("gpt-4o").input("fail me").putAdditionalHeader(LlmServer.FAULT_HEADER, "stream-error")
        .build())) {
      events = stream.stream().collect(Collectors.toList());
    }
    ResponseStreamEvent last = events.get(events.size() - 1);
    assertTrue(last.isError());
    assertEquals("server_error", last.asError().code().orElseThrow());
  }

  @Test
  void embeddingsDefaultBase64() {
    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("deterministic vectors please").build());
    // The SDK asks for base64 unless told otherwise, and decodes it.
    assertTrue(server.requests().get(0).body().contains("\"encoding_format\":\"base64\""));
    List<Float> vector = response.data().get(0).embedding();
    assertEquals(LlmServer.DEFAULT_EMBEDDING_DIMENSIONS, vector.size());
    float[] expected = LlmServer.vector("deterministic vectors please", LlmServer.DEFAULT_EMBEDDING_DIMENSIONS);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], vector.get(i));
    }
    assertEquals(3, response.usage().promptTokens());
    assertEquals(3, response.usage().totalTokens());
    assertEquals("text-embedding-3-small", response.model());
  }

  @Test
  void embeddingsAsFloatsWithDimensions() {
    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small")
        .inputOfArrayOfStrings(List.of("one two", "three"))
        .dimensions(4)
        .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
        .build());
    assertEquals(2, response.data().size());
    assertEquals(4, response.data().get(1).embedding().size());
    assertEquals(1, response.data().get(1).index());
    assertEquals(3, response.usage().promptTokens());
  }

  @Test
  void listModels() {
    List<String> ids = client.models().list().data().stream().map(Model::id).collect(Collectors.toList());
    assertTrue(ids.contains("gpt-4o"), ids.toString());
  }

  @Test
  void rateLimitSurfacesAsRateLimitException() {
    RateLimitException e = assertThrows(RateLimitException.class,
        () -> client.chat().completions().create(chat().putAdditionalHeader(LlmServer.FAULT_HEADER, "429").build()));
    assertEquals(429, e.statusCode());
    assertEquals(Optional.of("rate_limit_exceeded"), e.code());
    assertEquals(1, server.requests().size());
  }

  @Test
  void serverErrorIsRetriedThenSurfacesAsInternalServerException() {
    server.failAll(500);
    InternalServerException e = assertThrows(InternalServerException.class,
        () -> retrying.chat().completions().create(chat().build()));
    assertEquals(500, e.statusCode());
    assertEquals(3, server.requests().size()); // first try + the SDK's 2 retries
    assertEquals("2", server.requests().get(2).header("x-stainless-retry-count"));
  }

  @Test
  void status529IsAnInternalServerException() {
    InternalServerException e = assertThrows(InternalServerException.class,
        () -> client.chat().completions().create(chat().putAdditionalHeader(LlmServer.FAULT_HEADER, "529").build()));
    assertEquals(529, e.statusCode());
  }

  @Test
  void retriedRequestSucceedsAfterFailNext() {
    server.failNext(429, 1);
    ChatCompletion completion = retrying.chat().completions().create(chat().build());
    assertEquals(12, completion.usage().orElseThrow().totalTokens());
    assertEquals(2, server.requests().size());
  }

  @Test
  void badRequestForMissingMessages() {
    BadRequestException e = assertThrows(BadRequestException.class, () -> client.chat().completions().create(
        ChatCompletionCreateParams.builder().model("gpt-4o").messages(List.of()).build()));
    assertEquals(400, e.statusCode());
    assertEquals(Optional.of("invalid_request_error"), e.type());
  }

  @Test
  void brokenStreamSurfacesAsAnErrorInTheStream() {
    List<String> received = new ArrayList<>();
    RuntimeException e = assertThrows(RuntimeException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat()
          .putAdditionalHeader(LlmServer.FAULT_HEADER, "break-stream").build())) {
        stream.stream().forEach(c -> c.choices().forEach(ch -> received.add(ch.delta().content().orElse(""))));
      }
    });
    assertTrue(e instanceof OpenAIIoException || e instanceof UncheckedIOException, e.toString());
    assertEquals(List.of("", "Echo:"), received); // a few chunks arrived before the break
  }

  @Test
  void brokenStreamFailsTheAsyncStream() {
    AsyncStreamResponse<ChatCompletionChunk> stream = client.async().chat().completions().createStreaming(chat()
        .putAdditionalHeader(LlmServer.FAULT_HEADER, "break-stream").build());
    stream.subscribe(chunk -> { });
    CompletableFuture<Void> done = stream.onCompleteFuture();
    ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(30, TimeUnit.SECONDS));
    assertNotNull(e.getCause());
  }

  @Test
  void brokenNonStreamingBodyIsAnIoError() {
    OpenAIException e = assertThrows(OpenAIException.class, () -> client.chat().completions().create(
        chat().putAdditionalHeader(LlmServer.FAULT_HEADER, "break-stream").build()));
    assertFalse(e instanceof RateLimitException);
  }

  @Test
  void streamErrorEventSurfacesAsSseException() {
    assertThrows(SseException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat()
          .putAdditionalHeader(LlmServer.FAULT_HEADER, "stream-error").build())) {
        stream.stream().forEach(c -> { });
      }
    });
  }

  @Test
  void noUsage() {
    ChatCompletion completion = client.chat().completions().create(
        chat().putAdditionalHeader(LlmServer.FAULT_HEADER, "no-usage").build());
    assertTrue(completion.usage().isEmpty());

    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
        .putAdditionalHeader(LlmServer.FAULT_HEADER, "no-usage").build())) {
      chunks = stream.stream().collect(Collectors.toList());
    }
    assertTrue(chunks.stream().noneMatch(c -> c.usage().isPresent()));
  }

  @Test
  void negativeUsage() {
    ChatCompletion completion = client.chat().completions().create(
        chat().putAdditionalHeader(LlmServer.FAULT_HEADER, "negative-usage").build());
    assertEquals(-7, completion.usage().orElseThrow().promptTokens());
    assertEquals(-5, completion.usage().orElseThrow().completionTokens());
  }

  @Test
  void programmaticFaultsAndReset() {
    server.failNext(500, 2);
    assertThrows(InternalServerException.class, () -> client.chat().completions().create(chat().build()));
    assertThrows(InternalServerException.class, () -> client.chat().completions().create(chat().build()));
    assertEquals(12, client.chat().completions().create(chat().build()).usage().orElseThrow().totalTokens());

    server.failAll(429);
    assertThrows(RateLimitException.class, () -> client.chat().completions().create(chat().build()));
    assertThrows(RateLimitException.class, () -> client.responses().create(
        ResponseCreateParams.builder().model("gpt-4o").input("x").build()));
    server.reset();
    assertTrue(server.requests().isEmpty());
    assertEquals(12, client.chat().completions().create(chat().build()).usage().orElseThrow().totalTokens());
  }

  @Test
  void slowFaultStillAnswers() {
    ChatCompletion completion = client.chat().completions().create(
        chat().putAdditionalHeader(LlmServer.FAULT_HEADER, "slow:50").build());
    assertEquals(12, completion.usage().orElseThrow().totalTokens());
  }

  @Test
  void unknownFaultIsABadRequest() {
    BadRequestException e = assertThrows(BadRequestException.class, () -> client.chat().completions().create(
        chat().putAdditionalHeader(LlmServer.FAULT_HEADER, "explode").build()));
    assertInstanceOf(BadRequestException.class, e);
  }
}
