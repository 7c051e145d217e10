package dev.lantern.testapps.llm;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import example.chatmodels.SdkChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** One LLM call per scenario, described as a deterministic line (no ids, no timings). */
final class Scenarios {

  static final String FAULT_HEADER = "x-test-fault";

  private final String llm;
  private final OpenAIClient openai;
  private final OpenAIClient openaiRetrying;
  private final AnthropicClient anthropic;

  Scenarios(String llm) {
    this.llm = llm;
    this.openai = OpenAIOkHttpClient.builder().apiKey("sk-test").baseUrl(llm + "/v1").maxRetries(0).build();
    this.openaiRetrying = OpenAIOkHttpClient.builder().apiKey("sk-test").baseUrl(llm + "/v1").build();
    this.anthropic =
        AnthropicOkHttpClient.builder().apiKey("sk-ant-test").baseUrl(llm).maxRetries(0).build();
  }

  String run(String scenario, String fault) throws Exception {
    switch (scenario) {
      case "openai-chat":
        return chat(openai.chat().completions().create(chat("gpt-4o", fault).build()));
      case "openai-chat-retrying":
        return chat(openaiRetrying.chat().completions().create(chat("gpt-4o", fault).build()));
      case "openai-chat-unknown-model":
        return chat(openai.chat().completions().create(chat("my-local-model", fault).build()));
      case "openai-chat-async":
        return chat(
            openai.async().chat().completions().create(chat("gpt-4o", fault).build()).get(30, TimeUnit.SECONDS));
      case "openai-chat-stream":
        return openAiStream(fault, false);
      case "openai-chat-stream-early-close":
        return openAiStream(fault, true);
      case "openai-chat-stream-async":
        return openAiStreamAsync(fault);
      case "openai-responses":
        return responses(openai.responses().create(responsesParams(fault)));
      case "openai-responses-stream":
        return responsesStream(fault);
      case "openai-embeddings":
        return embeddings(fault);
      case "anthropic-messages":
        return message(anthropic.messages().create(messageParams(fault)));
      case "anthropic-messages-async":
        return message(anthropic.async().messages().create(messageParams(fault)).get(30, TimeUnit.SECONDS));
      case "anthropic-messages-stream":
        return anthropicStream(fault);
      case "anthropic-messages-stream-async":
        return anthropicStreamAsync(fault);
      case "langchain4j-chat":
        return chatResponse(langChainModel(fault).chat(langChainRequest()));
      case "langchain4j-chat-stream":
        return langChainStream(fault);
      case "langchain4j-over-sdk":
        return chatResponse(
            new SdkChatModel(openai, "gpt-4o-mini")
                .chat(langChainRequest().toBuilder().modelName("gpt-4o-mini").build()));
      default:
        return "unknown scenario " + scenario;
    }
  }

  private static ChatCompletionCreateParams.Builder chat(String model, String fault) {
    ChatCompletionCreateParams.Builder b =
        ChatCompletionCreateParams.builder()
            .model(model)
            .temperature(0.2)
            .maxCompletionTokens(64)
            .addSystemMessage("You are terse.") // 3 words
            .addUserMessage("Say hello to Lantern"); // 4 words
    return fault == null ? b : b.putAdditionalHeader(FAULT_HEADER, fault);
  }

  private static String chat(ChatCompletion c) {
    return "ok text=" + c.choices().get(0).message().content().orElse("")
        + " model=" + c.model()
        + " usage=" + c.usage().map(u -> u.promptTokens() + "/" + u.completionTokens()).orElse("none")
        + " finish=" + c.choices().get(0).finishReason().asString();
  }

  private String openAiStream(String fault, boolean closeEarly) {
    ChatCompletionCreateParams params =
        chat("gpt-4o", fault)
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    List<String> parts = new ArrayList<>();
    String usage = "none";
    try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(params)) {
      if (closeEarly) {
        stream.stream().findFirst().ifPresent(c -> parts.add(c.model()));
        return "closed-early first-model=" + parts;
      }
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
        chunk.choices().forEach(c -> parts.add(c.delta().content().orElse("")));
        if (chunk.usage().isPresent()) {
          usage = chunk.usage().get().promptTokens() + "/" + chunk.usage().get().completionTokens();
        }
      }
    }
    return "ok stream text=" + String.join("", parts) + " chunks=" + parts.size() + " usage=" + usage;
  }

  private String openAiStreamAsync(String fault) throws Exception {
    StringBuilder text = new StringBuilder();
    AsyncStreamResponse<ChatCompletionChunk> stream =
        openai.async().chat().completions().createStreaming(
            chat("gpt-4o", fault)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());
    stream.subscribe(
        chunk -> {
          synchronized (text) {
            chunk.choices().forEach(c -> text.append(c.delta().content().orElse("")));
          }
        });
    stream.onCompleteFuture().get(30, TimeUnit.SECONDS);
    synchronized (text) {
      return "ok async-stream text=" + text;
    }
  }

  private static ResponseCreateParams responsesParams(String fault) {
    ResponseCreateParams.Builder b =
        ResponseCreateParams.builder().model("gpt-4o").instructions("Be brief.").input("What is Lantern?");
    return fault == null ? b.build() : b.putAdditionalHeader(FAULT_HEADER, fault).build();
  }

  private static String responses(Response r) {
    return "ok responses usage="
        + r.usage().map(u -> u.inputTokens() + "/" + u.outputTokens()).orElse("none")
        + " status=" + r.status().map(s -> s.asString()).orElse("none");
  }

  private String responsesStream(String fault) {
    try (StreamResponse<ResponseStreamEvent> stream = openai.responses().createStreaming(responsesParams(fault))) {
      String text =
          stream.stream()
              .filter(ResponseStreamEvent::isOutputTextDelta)
              .map(e -> e.asOutputTextDelta().delta())
              .collect(Collectors.joining());
      return "ok responses-stream text=" + text;
    }
  }

  private String embeddings(String fault) {
    EmbeddingCreateParams.Builder b =
        EmbeddingCreateParams.builder().model("text-embedding-3-small").input("deterministic vectors please");
    if (fault != null) {
      b.putAdditionalHeader(FAULT_HEADER, fault);
    }
    CreateEmbeddingResponse r = openai.embeddings().create(b.build());
    return "ok embeddings dims=" + r.data().get(0).embedding().size() + " usage=" + r.usage().promptTokens();
  }

  private static MessageCreateParams messageParams(String fault) {
    MessageCreateParams.Builder b =
        MessageCreateParams.builder()
            .model("claude-sonnet-4-5")
            .maxTokens(256)
            .system("You are a helpful assistant.") // 5 words
            .addUserMessage("Tell me about tracing"); // 4 words
    return fault == null ? b.build() : b.putAdditionalHeader(FAULT_HEADER, fault).build();
  }

  private static String message(Message m) {
    return "ok text="
        + m.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text()).collect(Collectors.joining())
        + " model=" + m.model().asString()
        + " usage=" + m.usage().inputTokens() + "/" + m.usage().outputTokens()
        + " stop=" + m.stopReason().map(r -> r.asString()).orElse("none");
  }

  private String anthropicStream(String fault) {
    try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream =
        anthropic.messages().createStreaming(messageParams(fault))) {
      List<String> texts = new ArrayList<>();
      for (RawMessageStreamEvent event : stream) { // the SDK's Iterable view
        event.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> texts.add(t.text()));
      }
      return "ok stream text=" + String.join("", texts) + " deltas=" + texts.size();
    }
  }

  private String anthropicStreamAsync(String fault) throws Exception {
    StringBuilder text = new StringBuilder();
    com.anthropic.core.http.AsyncStreamResponse<RawMessageStreamEvent> stream =
        anthropic.async().messages().createStreaming(messageParams(fault));
    stream.subscribe(
        event -> {
          synchronized (text) {
            event.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> text.append(t.text()));
          }
        });
    stream.onCompleteFuture().get(30, TimeUnit.SECONDS);
    synchronized (text) {
      return "ok async-stream text=" + text;
    }
  }

  private OpenAiChatModel langChainModel(String fault) {
    return OpenAiChatModel.builder()
        .baseUrl(llm + "/v1")
        .apiKey("sk-test")
        .modelName("gpt-4o")
        .temperature(0.3)
        .maxRetries(0)
        .customHeaders(fault == null ? Map.of() : Map.of(FAULT_HEADER, fault))
        .build();
  }

  private static ChatRequest langChainRequest() {
    return ChatRequest.builder()
        .messages(SystemMessage.from("Answer briefly."), UserMessage.from("How are tokens counted here?"))
        .build(); // 2 + 5 input words; reply "Echo: How are tokens counted here?" = 6 words
  }

  private static String chatResponse(ChatResponse r) {
    return "ok text=" + r.aiMessage().text()
        + " model=" + r.modelName()
        + " usage=" + (r.tokenUsage() == null ? "none" : r.tokenUsage().inputTokenCount() + "/" + r.tokenUsage().outputTokenCount())
        + " finish=" + r.finishReason();
  }

  private String langChainStream(String fault) throws Exception {
    OpenAiStreamingChatModel model =
        OpenAiStreamingChatModel.builder()
            .baseUrl(llm + "/v1")
            .apiKey("sk-test")
            .modelName("gpt-4o")
            .customHeaders(fault == null ? Map.of() : Map.of(FAULT_HEADER, fault))
            .build();
    List<String> partials = new ArrayList<>();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(
        langChainRequest(),
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            synchronized (partials) {
              partials.add(partial);
            }
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    try {
      ChatResponse response = done.get(30, TimeUnit.SECONDS);
      synchronized (partials) {
        return "ok stream partials=" + partials.size() + " " + chatResponse(response);
      }
    } catch (java.util.concurrent.ExecutionException e) {
      // how many partials arrive before a broken connection is noticed depends on timing
      return "stream-error " + describe(e.getCause());
    }
  }

  /** The exception as the application sees it: class and, for service errors, the status. */
  static String describe(Throwable t) {
    Throwable e = t;
    if (e instanceof java.util.concurrent.ExecutionException && e.getCause() != null) {
      e = e.getCause();
    }
    String status = "";
    if (e instanceof OpenAIServiceException) {
      status = " status=" + ((OpenAIServiceException) e).statusCode();
    } else if (e instanceof AnthropicServiceException) {
      status = " status=" + ((AnthropicServiceException) e).statusCode();
    } else if (e instanceof dev.langchain4j.exception.HttpException) {
      status = " status=" + ((dev.langchain4j.exception.HttpException) e).statusCode();
    }
    return "error class=" + e.getClass().getName() + status;
  }
}
