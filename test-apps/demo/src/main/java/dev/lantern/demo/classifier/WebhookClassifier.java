package dev.lantern.demo.classifier;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.lantern.demo.common.Webhook;
import java.time.Duration;

/** Asks an OpenAI-compatible model which kind of message a webhook is. */
final class WebhookClassifier implements AutoCloseable {

  private static final String INSTRUCTIONS =
      "Classify the customer message into exactly one of: billing, outage, feature_request, other. "
          + "Answer with the label only.";

  private final OpenAIClient client;
  private final String model;

  WebhookClassifier(String baseUrl, String apiKey, String model) {
    // The SDK's default retries (2, honouring retry-after) stay on: a real service would keep them.
    this.client =
        OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).timeout(Duration.ofSeconds(20)).build();
    this.model = model;
  }

  Classification classify(Webhook webhook) {
    ChatCompletionCreateParams request =
        ChatCompletionCreateParams.builder()
            .model(model)
            .addSystemMessage(INSTRUCTIONS)
            .addUserMessage(webhook.text())
            .temperature(0.0)
            .maxCompletionTokens(5)
            .build();
    try {
      ChatCompletion answer = client.chat().completions().create(request);
      return Classification.of(
          answer.choices().isEmpty() ? "" : answer.choices().get(0).message().content().orElse(""));
    } catch (OpenAIException e) {
      return Classification.failed(e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
