package dev.lantern.instrumentation.openaijava;

import com.openai.core.ClientOptions;
import com.openai.models.ResponsesModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import dev.lantern.agent.api.genai.GenAiAttributes;
import dev.lantern.agent.api.genai.GenAiMessages;
import dev.lantern.agent.api.genai.GenAiProviders;
import dev.lantern.agent.api.genai.GenAiRequest;
import java.util.function.Supplier;

/** The GenAI request attributes of the SDK's parameter objects. */
final class OpenAiRequests {

  private OpenAiRequests() {}

  static GenAiRequest describe(Object params, ClientOptions options, boolean streaming) {
    String baseUrl = options == null ? null : get(options::baseUrl);
    GenAiRequest request =
        new GenAiRequest()
            .provider(GenAiProviders.fromOpenAiBaseUrl(baseUrl))
            .server(baseUrl)
            .streaming(streaming);
    if (params instanceof ChatCompletionCreateParams) {
      return chat((ChatCompletionCreateParams) params, request);
    }
    if (params instanceof ResponseCreateParams) {
      return responses((ResponseCreateParams) params, request);
    }
    if (params instanceof EmbeddingCreateParams) {
      EmbeddingCreateParams p = (EmbeddingCreateParams) params;
      return request
          .operation(GenAiAttributes.OPERATION_EMBEDDINGS)
          .model(get(() -> p.model().asString()))
          .dimensions(get(() -> p.dimensions().orElse(null)))
          .encodingFormat(get(() -> p.encodingFormat().map(f -> f.asString()).orElse(null)));
    }
    return null;
  }

  private static GenAiRequest chat(ChatCompletionCreateParams p, GenAiRequest request) {
    Long maxTokens = get(() -> p.maxCompletionTokens().orElse(null));
    if (maxTokens == null) {
      maxTokens = get(() -> p.maxTokens().orElse(null));
    }
    request
        .model(get(() -> p.model().asString()))
        .temperature(get(() -> p.temperature().orElse(null)))
        .topP(get(() -> p.topP().orElse(null)))
        .maxTokens(maxTokens)
        .frequencyPenalty(get(() -> p.frequencyPenalty().orElse(null)))
        .presencePenalty(get(() -> p.presencePenalty().orElse(null)))
        .seed(get(() -> p.seed().orElse(null)))
        .choiceCount(get(() -> p.n().orElse(null)))
        .stopSequences(
            get(
                () ->
                    p.stop()
                        .map(s -> s.isString() ? java.util.Collections.singletonList(s.asString()) : s.asStrings())
                        .orElse(null)));
    if (GenAiRequest.capturesContent()) {
      request.inputMessages(get(() -> messages(p)));
    }
    return request;
  }

  private static GenAiMessages messages(ChatCompletionCreateParams p) {
    GenAiMessages messages = new GenAiMessages();
    for (ChatCompletionMessageParam m : p.messages()) {
      if (m.isSystem() && m.asSystem().content().isText()) {
        messages.add("system", m.asSystem().content().asText());
      } else if (m.isDeveloper() && m.asDeveloper().content().isText()) {
        messages.add("system", m.asDeveloper().content().asText());
      } else if (m.isUser() && m.asUser().content().isText()) {
        messages.add("user", m.asUser().content().asText());
      } else if (m.isAssistant()) {
        messages.add(
            "assistant",
            m.asAssistant().content().filter(c -> c.isText()).map(c -> c.asText()).orElse(null));
      }
    }
    return messages;
  }

  private static GenAiRequest responses(ResponseCreateParams p, GenAiRequest request) {
    request
        .model(get(() -> p.model().map(OpenAiRequests::modelName).orElse(null)))
        .temperature(get(() -> p.temperature().orElse(null)))
        .topP(get(() -> p.topP().orElse(null)))
        .maxTokens(get(() -> p.maxOutputTokens().orElse(null)));
    if (GenAiRequest.capturesContent()) {
      GenAiMessages messages = new GenAiMessages();
      messages.add("system", get(() -> p.instructions().orElse(null)));
      messages.add(
          "user", get(() -> p.input().filter(i -> i.isText()).map(i -> i.asText()).orElse(null)));
      request.inputMessages(messages);
    }
    return request;
  }

  /** A Responses model is a union: a known chat model, a Responses-only model or any string. */
  static String modelName(ResponsesModel model) {
    if (model.isString()) {
      return model.asString();
    }
    if (model.isChat()) {
      return model.asChat().asString();
    }
    return model.asOnly().asString();
  }

  /** The SDK's accessors throw on a missing or mistyped field; such a field is simply left out. */
  static <T> T get(Supplier<T> accessor) {
    try {
      return accessor.get();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
