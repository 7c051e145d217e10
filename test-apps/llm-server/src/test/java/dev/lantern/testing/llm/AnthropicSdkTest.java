package dev.lantern.testing.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.SseException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK (com.anthropic:anthropic-java) against the server. */
class AnthropicSdkTest {
  private static LlmServer server;
  private static AnthropicClient client; // maxRetries(0)
  private static AnthropicClient retrying; // the SDK's default retries (2)

  @BeforeAll
  static void start() {
    server = LlmServer.start();
    client = AnthropicOkHttpClient.builder().apiKey("sk-ant-test").baseUrl(server.anthropicBaseUrl()).maxRetries(0)
        .build();
    retrying = AnthropicOkHttpClient.builder().apiKey("sk-ant-test").baseUrl(server.anthropicBaseUrl()).build();
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

  private static MessageCreateParams.Builder params() {
    return MessageCreateParams.builder()
        .model("claude-sonnet-4-5")
        .maxTokens(256)
        .system("You are a helpful assistant.") // 5 words
        .addUserMessage("Tell me about tracing"); // 4 words
  }

  private static String text(Message message) {
    return message.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text())
        .collect(Collectors.joining());
  }

  @Test
  void blockingMessage() {
    Message message = client.messages().create(params().build());

    assertEquals("Echo: Tell me about tracing", text(message));
    assertEquals("claude-sonnet-4-5-20250929", message.model().asString());
    assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
    assertEquals(9, message.usage().inputTokens());
    assertEquals(5, message.usage().outputTokens());
    assertTrue(message.id().startsWith("msg_"));
    message.validate();

    RecordedRequest request = server.requests().get(0);
    assertEquals("/v1/messages", request.path());
    // Older SDKs send the key as x-api-key; 3.x sends it as a bearer token.
    String auth = request.header("x-api-key") != null ? request.header("x-api-key") : request.header("authorization");
    assertTrue(auth.endsWith("sk-ant-test"), auth);
    assertNotNull(request.header("anthropic-version"));
  }

  @Test
  void maxTokensCutsTheReply() {
    Message message = client.messages().create(params().maxTokens(3).build());
    assertEquals("Echo: Tell me", text(message));
    assertEquals(StopReason.MAX_TOKENS, message.stopReason().orElseThrow());
    assertEquals(3, message.usage().outputTokens());
  }

  @Test
  void classifier() {
    Message message = client.messages().create(MessageCreateParams.builder()
        .model("claude-3-5-haiku-latest")
        .maxTokens(10)
        .system("You classify support webhooks. Reply with one of billing, outage, feature_request, other.")
        .addUserMessage("API returns 503 errors, the dashboard is down for all EU customers")
        .build());
    assertEquals("outage", text(message));
    assertEquals(1, message.usage().outputTokens());
    assertEquals("claude-3-5-haiku-20241022", message.model().asString());
  }

  @Test
  void streamingMessageAccumulates() {
    MessageAccumulator accumulator = MessageAccumulator.create();
    List<String> deltas = new ArrayList<>();
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params().build())) {
      stream.stream().peek(accumulator::accumulate)
          .flatMap(e -> e.contentBlockDelta().stream())
          .flatMap(d -> d.delta().text().stream())
          .map(TextDelta::text)
          .forEach(deltas::add);
    }
    assertEquals("Echo: Tell me about tracing", String.join("", deltas));
    assertEquals(5, deltas.size());
    Message message = accumulator.message();
    assertEquals("Echo: Tell me about tracing", text(message));
    assertEquals("claude-sonnet-4-5-20250929", message.model().asString());
    assertEquals(9, message.usage().inputTokens());
    assertEquals(5, message.usage().outputTokens()); // from message_delta, replacing message_start's provisional 1
    assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
  }

  @Test
  void streamingEventsCarryUsageWhereTheRealApiDoes() {
    List<RawMessageStreamEvent> events;
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params().build())) {
      events = stream.stream().collect(Collectors.toList());
    }
    assertTrue(events.get(0).isMessageStart());
    assertEquals(9, events.get(0).asMessageStart().message().usage().inputTokens());
    assertEquals(1, events.get(0).asMessageStart().message().usage().outputTokens());
    RawMessageStreamEvent delta = events.get(events.size() - 2);
    assertTrue(delta.isMessageDelta());
    assertEquals(5, delta.asMessageDelta().usage().outputTokens());
    assertEquals(StopReason.END_TURN, delta.asMessageDelta().delta().stopReason().orElseThrow());
    assertTrue(events.get(events.size() - 1).isMessageStop());
  }

  @Test
  void asyncMessage() throws Exception {
    Message message = client.async().messages().create(params().build()).get(30, TimeUnit.SECONDS);
    assertEquals("Echo: Tell me about tracing", text(message));
    assertEquals(5, message.usage().outputTokens());
  }

  @Test
  void asyncStreaming() throws Exception {
    MessageAccumulator accumulator = MessageAccumulator.create();
    AsyncStreamResponse<RawMessageStreamEvent> stream = client.async().messages().createStreaming(params().build());
    stream.subscribe(event -> {
      synchronized (accumulator) {
        accumulator.accumulate(event);
      }
    });
    stream.onCompleteFuture().get(30, TimeUnit.SECONDS);
    synchronized (accumulator) {
      assertEquals(5, accumulator.message().usage().outputTokens());
      assertEquals("Echo: Tell me about tracing", text(accumulator.message()));
    }
  }

  @Test
  void countTokens() {
    long tokens = client.messages().countTokens(MessageCountTokensParams.builder()
        .model("claude-sonnet-4-5").system("one two").addUserMessage("three four five").build()).inputTokens();
    assertEquals(5, tokens);
  }

  @Test
  void rateLimit() {
    RateLimitException e = assertThrows(RateLimitException.class, () -> client.messages().create(
        params().putAdditionalHeader(LlmServer.FAULT_HEADER, "429").build()));
    assertEquals(429, e.statusCode());
    assertEquals(1, server.requests().size());
    assertTrue(e.requestId().orElseThrow().startsWith("req_"));
  }

  @Test
  void serverErrorAfterRetries() {
    server.failAll(500);
    InternalServerException e = assertThrows(InternalServerException.class,
        () -> retrying.messages().create(params().build()));
    assertEquals(500, e.statusCode());
    assertEquals(3, server.requests().size());
  }

  @Test
  void overloaded() {
    OverloadedException e = assertThrows(OverloadedException.class, () -> client.messages().create(
        params().putAdditionalHeader(LlmServer.FAULT_HEADER, "529").build()));
    assertEquals(529, e.statusCode());
  }

  @Test
  void retrySucceedsAfterOverload() {
    server.failNext(529, 2);
    Message message = retrying.messages().create(params().build());
    assertEquals(5, message.usage().outputTokens());
    assertEquals(3, server.requests().size());
  }

  @Test
  void programmaticBadRequest() {
    server.failNext(400, 1);
    assertThrows(BadRequestException.class, () -> client.messages().create(params().build()));
  }

  @Test
  void brokenStream() {
    List<RawMessageStreamEvent> received = new ArrayList<>();
    AnthropicException e = assertThrows(AnthropicException.class, () -> {
      try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
          params().putAdditionalHeader(LlmServer.FAULT_HEADER, "break-stream").build())) {
        stream.stream().forEach(received::add);
      }
    });
    assertNotNull(e);
    assertTrue(received.get(0).isMessageStart());
    assertTrue(received.stream().anyMatch(RawMessageStreamEvent::isContentBlockDelta));
    assertTrue(received.stream().noneMatch(RawMessageStreamEvent::isMessageStop));
  }

  @Test
  void brokenAsyncStream() {
    AsyncStreamResponse<RawMessageStreamEvent> stream = client.async().messages().createStreaming(
        params().putAdditionalHeader(LlmServer.FAULT_HEADER, "break-stream").build());
    stream.subscribe(event -> { });
    assertThrows(ExecutionException.class, () -> stream.onCompleteFuture().get(30, TimeUnit.SECONDS));
  }

  @Test
  void errorEventInStream() {
    SseException e = assertThrows(SseException.class, () -> {
      try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
          params().putAdditionalHeader(LlmServer.FAULT_HEADER, "stream-error").build())) {
        stream.stream().forEach(event -> { });
      }
    });
    assertTrue(e.body().toString().contains("overloaded_error"), e.body().toString());
  }

  @Test
  void noUsageMakesTheSdkComplain() {
    Message message = client.messages().create(params().putAdditionalHeader(LlmServer.FAULT_HEADER, "no-usage")
        .build());
    assertEquals("Echo: Tell me about tracing", text(message));
    assertThrows(AnthropicInvalidDataException.class, message::usage); // usage is required in Anthropic's schema
  }

  @Test
  void negativeUsage() {
    Message message = client.messages().create(params().putAdditionalHeader(LlmServer.FAULT_HEADER,
        "negative-usage").build());
    assertEquals(-9, message.usage().inputTokens());
    assertEquals(-5, message.usage().outputTokens());
  }
}
