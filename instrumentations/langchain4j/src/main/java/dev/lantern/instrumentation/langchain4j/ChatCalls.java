package dev.lantern.instrumentation.langchain4j;

import dev.lantern.agent.api.genai.GenAiCall;
import dev.lantern.agent.api.genai.GenAiMessages;
import dev.lantern.agent.api.genai.GenAiProxies;
import dev.lantern.agent.api.genai.GenAiRequest;
import dev.lantern.agent.api.genai.GenAiTelemetry;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One GenAI span per LangChain4j chat call. The span is current while {@code doChat} runs, so the
 * HTTP client span of the provider module is its child and a provider module built on an
 * instrumented SDK (the OpenAI SDK) adds no second GenAI span.
 */
final class ChatCalls {

  static final GenAiTelemetry TELEMETRY = GenAiTelemetry.create("langchain4j");

  private ChatCalls() {}

  static Object start(Object model, Object request, boolean streaming) {
    if (!(request instanceof ChatRequest)) {
      return null;
    }
    String provider = null;
    if (model instanceof ChatModel) {
      provider = get(() -> providerName(((ChatModel) model).provider().name()));
    } else if (model instanceof StreamingChatModel) {
      provider = get(() -> providerName(((StreamingChatModel) model).provider().name()));
    }
    return TELEMETRY.start(describe((ChatRequest) request, provider, streaming));
  }

  static GenAiRequest describe(ChatRequest r, String provider, boolean streaming) {
    Integer maxTokens = get(r::maxOutputTokens);
    Integer topK = get(r::topK);
    GenAiRequest request =
        new GenAiRequest()
            .provider(provider)
            .streaming(streaming)
            .model(get(r::modelName))
            .temperature(get(r::temperature))
            .topP(get(r::topP))
            .topK(topK == null ? null : topK.longValue())
            .maxTokens(maxTokens == null ? null : maxTokens.longValue())
            .frequencyPenalty(get(r::frequencyPenalty))
            .presencePenalty(get(r::presencePenalty))
            .stopSequences(get(r::stopSequences));
    if (GenAiRequest.capturesContent()) {
      request.inputMessages(get(() -> messages(r)));
    }
    return request;
  }

  private static GenAiMessages messages(ChatRequest r) {
    GenAiMessages messages = new GenAiMessages();
    for (ChatMessage m : r.messages()) {
      if (m instanceof SystemMessage) {
        messages.add("system", ((SystemMessage) m).text());
      } else if (m instanceof UserMessage && ((UserMessage) m).hasSingleText()) {
        messages.add("user", ((UserMessage) m).singleText());
      } else if (m instanceof AiMessage) {
        messages.add("assistant", ((AiMessage) m).text());
      }
    }
    return messages;
  }

  /** LangChain4j's provider enum, as {@code gen_ai.provider.name} values. */
  static String providerName(String modelProvider) {
    switch (modelProvider) {
      case "OPEN_AI":
        return "openai";
      case "AZURE_OPEN_AI":
        return "azure.ai.openai";
      case "ANTHROPIC":
        return "anthropic";
      case "AMAZON_BEDROCK":
        return "aws.bedrock";
      case "GOOGLE_AI_GEMINI":
        return "gcp.gemini";
      case "GOOGLE_GENAI":
        return "gcp.gen_ai";
      case "GOOGLE_VERTEX_AI_GEMINI":
      case "GOOGLE_VERTEX_AI_ANTHROPIC":
        return "gcp.vertex_ai";
      case "MICROSOFT_FOUNDRY":
        return "azure.ai.inference";
      case "MISTRAL_AI":
        return "mistral_ai";
      case "WATSONX":
        return "ibm.watsonx.ai";
      case "GITHUB_MODELS":
        return "github";
      default:
        return modelProvider.toLowerCase(Locale.ROOT);
    }
  }

  static void endBlocking(Object state, Object response, Throwable error) {
    GenAiCall call = (GenAiCall) state;
    if (call == null) {
      return;
    }
    call.closeScope();
    end(call, response, error);
  }

  static void end(GenAiCall call, Object response, Throwable error) {
    try {
      if (response instanceof ChatResponse) {
        response(call, (ChatResponse) response);
      }
    } finally {
      TELEMETRY.end(call, error);
    }
  }

  static void response(GenAiCall call, ChatResponse response) {
    call.responseId(get(response::id));
    call.responseModel(get(response::modelName));
    call.finishReason(get(() -> finishReason(response.finishReason().name())));
    TokenUsage usage = get(response::tokenUsage);
    if (usage != null) {
      Integer input = get(usage::inputTokenCount);
      Integer output = get(usage::outputTokenCount);
      if (input != null) {
        call.inputTokens(input);
      }
      if (output != null) {
        call.outputTokens(output);
      }
    }
    if (call.capturesOutput() && !call.outputCaptured()) {
      call.appendOutput(get(() -> response.aiMessage().text()));
    }
  }

  /** LangChain4j's finish reasons, as the OpenAI-style names the semantic conventions use. */
  static String finishReason(String name) {
    switch (name) {
      case "TOOL_EXECUTION":
        return "tool_calls";
      case "CONTENT_FILTER":
        return "content_filter";
      default:
        return name.toLowerCase(Locale.ROOT);
    }
  }

  /** {@code null} when not traced, else {the handler to pass on, the call}. */
  static Object[] startStreaming(Object model, Object request, Object handler) {
    if (!(handler instanceof StreamingChatResponseHandler)) {
      return null;
    }
    GenAiCall call = (GenAiCall) start(model, request, true);
    if (call == null) {
      return null;
    }
    StreamingChatResponseHandler delegate = (StreamingChatResponseHandler) handler;
    Object wrapped =
        GenAiProxies.create(
            StreamingChatResponseHandler.class,
            delegate,
            (p, method, args) -> {
              try {
                observe(call, method.getName(), args);
              } catch (Throwable ignored) {
                // the application's handler runs whatever happens here
              }
              return GenAiProxies.FORWARD;
            });
    return new Object[] {wrapped, call};
  }

  private static void observe(GenAiCall call, String method, Object[] args) {
    int arity = args == null ? 0 : args.length;
    switch (method) {
      case "onPartialResponse":
        call.firstChunk();
        if (arity == 1 && args[0] instanceof String) {
          call.appendOutput((String) args[0]);
        }
        break;
      case "onCompleteResponse":
        end(call, arity == 1 ? args[0] : null, null);
        break;
      case "onError":
        end(call, null, arity == 1 && args[0] instanceof Throwable ? (Throwable) args[0] : new IllegalStateException("onError"));
        break;
      default:
        break;
    }
  }

  static void endStreamingCall(Object[] state, Throwable error) {
    if (state == null) {
      return;
    }
    GenAiCall call = (GenAiCall) state[1];
    call.closeScope();
    if (error != null) {
      end(call, null, error);
    }
  }

  static <T> T get(Supplier<T> accessor) {
    try {
      return accessor.get();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
