package example.chatmodels;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

/**
 * A LangChain4j chat model built on the official OpenAI SDK, the way LangChain4j's
 * "openai-official" provider module is: one logical call that runs through two instrumented
 * libraries. Outside {@code dev.lantern.*}, which the agent never instruments.
 */
public final class SdkChatModel implements ChatModel {

  private final OpenAIClient client;
  private final String model;

  public SdkChatModel(OpenAIClient client, String model) {
    this.client = client;
    this.model = model;
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OPEN_AI;
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder().model(request.modelName() != null ? request.modelName() : model);
    for (ChatMessage m : request.messages()) {
      if (m instanceof SystemMessage s) {
        params.addSystemMessage(s.text());
      } else if (m instanceof UserMessage u) {
        params.addUserMessage(u.singleText());
      }
    }
    ChatCompletion completion = client.chat().completions().create(params.build());
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(completion.choices().get(0).message().content().orElse("")))
        .modelName(completion.model())
        .tokenUsage(
            completion.usage()
                .map(u -> new TokenUsage((int) u.promptTokens(), (int) u.completionTokens()))
                .orElse(null))
        .finishReason(FinishReason.STOP)
        .build();
  }
}
