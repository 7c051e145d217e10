package dev.lantern.instrumentation.openaijava;

import static dev.lantern.instrumentation.openaijava.OpenAiRequests.get;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import dev.lantern.agent.api.genai.GenAiCall;

/** Copies what an answer, a chunk or a stream event says into the call. */
final class OpenAiResponses {

  private OpenAiResponses() {}

  static void chat(GenAiCall call, ChatCompletion completion) {
    call.responseId(get(completion::id));
    call.responseModel(get(completion::model));
    CompletionUsage usage = get(() -> completion.usage().orElse(null));
    if (usage != null) {
      usage(call, usage);
    }
    java.util.List<ChatCompletion.Choice> choices = get(completion::choices);
    if (choices != null) {
      for (ChatCompletion.Choice choice : choices) {
        call.finishReason(get(() -> choice.finishReason().asString()));
        if (call.capturesOutput()) {
          call.appendOutput(get(() -> choice.message().content().orElse(null)));
        }
      }
    }
  }

  static void chatChunk(GenAiCall call, ChatCompletionChunk chunk) {
    call.responseId(get(chunk::id));
    call.responseModel(get(chunk::model));
    CompletionUsage usage = get(() -> chunk.usage().orElse(null));
    if (usage != null) {
      usage(call, usage);
    }
    java.util.List<ChatCompletionChunk.Choice> choices = get(chunk::choices);
    if (choices == null) {
      return;
    }
    for (ChatCompletionChunk.Choice choice : choices) {
      String text = get(() -> choice.delta().content().orElse(null));
      if (text != null && !text.isEmpty()) {
        call.firstChunk();
        call.appendOutput(text);
      }
      String reason = get(() -> choice.finishReason().map(r -> r.asString()).orElse(null));
      if (reason != null) {
        call.finishReason(reason);
      }
    }
  }

  private static void usage(GenAiCall call, CompletionUsage usage) {
    Long input = get(usage::promptTokens);
    Long output = get(usage::completionTokens);
    if (input != null) {
      call.inputTokens(input);
    }
    if (output != null) {
      call.outputTokens(output);
    }
  }

  static void response(GenAiCall call, Response response) {
    call.responseId(get(response::id));
    call.responseModel(get(() -> OpenAiRequests.modelName(response.model())));
    ResponseUsage usage = get(() -> response.usage().orElse(null));
    if (usage != null) {
      Long input = get(usage::inputTokens);
      Long output = get(usage::outputTokens);
      if (input != null) {
        call.inputTokens(input);
      }
      if (output != null) {
        call.outputTokens(output);
      }
    }
    String status = get(() -> response.status().map(s -> s.asString()).orElse(null));
    call.finishReason(status);
  }

  static void responseEvent(GenAiCall call, ResponseStreamEvent event) {
    if (event.isOutputTextDelta()) {
      call.firstChunk();
      call.appendOutput(get(() -> event.asOutputTextDelta().delta()));
    } else if (event.isCreated()) {
      call.responseId(get(() -> event.asCreated().response().id()));
      call.responseModel(get(() -> OpenAiRequests.modelName(event.asCreated().response().model())));
    } else if (event.isCompleted()) {
      response(call, event.asCompleted().response());
    } else if (event.isIncomplete()) {
      response(call, event.asIncomplete().response());
    } else if (event.isFailed()) {
      response(call, event.asFailed().response());
      call.errorType("response.failed");
    } else if (event.isError()) {
      String code = get(() -> event.asError().code().orElse(null));
      call.providerError(0, code);
      call.errorType("response.error");
    }
  }

  static void embeddings(GenAiCall call, CreateEmbeddingResponse response) {
    call.responseModel(get(response::model));
    Long input = get(() -> response.usage().promptTokens());
    if (input != null) {
      call.inputTokens(input);
    }
  }
}
