package dev.lantern.agent.api.genai;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an instrumentation knows about a GenAI call before it is sent: operation, provider, model,
 * server and request parameters. Fill what the SDK offers; unset values are left off the span.
 */
public final class GenAiRequest {

  String operation = GenAiAttributes.OPERATION_CHAT;
  String provider;
  String model;
  String serverAddress;
  int serverPort = -1;
  boolean streaming;
  Double temperature;
  Double topP;
  Long topK;
  Long maxTokens;
  Double frequencyPenalty;
  Double presencePenalty;
  Long seed;
  Long choiceCount;
  List<String> stopSequences;
  String encodingFormat;
  Long dimensions;
  GenAiMessages inputMessages;

  public GenAiRequest operation(String value) {
    operation = value;
    return this;
  }

  public GenAiRequest provider(String value) {
    provider = value;
    return this;
  }

  public GenAiRequest model(String value) {
    model = value;
    return this;
  }

  /** Server address and port from a base URL such as {@code http://127.0.0.1:8089/v1}. */
  public GenAiRequest server(String baseUrl) {
    serverAddress = GenAiProviders.host(baseUrl);
    serverPort = GenAiProviders.port(baseUrl);
    return this;
  }

  public GenAiRequest streaming(boolean value) {
    streaming = value;
    return this;
  }

  public GenAiRequest temperature(Double value) {
    temperature = value;
    return this;
  }

  public GenAiRequest topP(Double value) {
    topP = value;
    return this;
  }

  public GenAiRequest topK(Long value) {
    topK = value;
    return this;
  }

  public GenAiRequest maxTokens(Long value) {
    maxTokens = value;
    return this;
  }

  public GenAiRequest frequencyPenalty(Double value) {
    frequencyPenalty = value;
    return this;
  }

  public GenAiRequest presencePenalty(Double value) {
    presencePenalty = value;
    return this;
  }

  public GenAiRequest seed(Long value) {
    seed = value;
    return this;
  }

  public GenAiRequest choiceCount(Long value) {
    choiceCount = value;
    return this;
  }

  /** At most 16 sequences of at most 64 characters each are kept. */
  public GenAiRequest stopSequences(List<String> value) {
    if (value == null || value.isEmpty()) {
      stopSequences = null;
      return this;
    }
    List<String> kept = new ArrayList<>(Math.min(value.size(), 16));
    for (String s : value) {
      if (kept.size() == 16) {
        break;
      }
      if (s != null) {
        kept.add(s.length() > 64 ? s.substring(0, 64) : s);
      }
    }
    stopSequences = Collections.unmodifiableList(kept);
    return this;
  }

  public GenAiRequest encodingFormat(String value) {
    encodingFormat = value;
    return this;
  }

  public GenAiRequest dimensions(Long value) {
    dimensions = value;
    return this;
  }

  /** Recorded only when content capture is on; build it only then ({@link #capturesContent()}). */
  public GenAiRequest inputMessages(GenAiMessages value) {
    inputMessages = value;
    return this;
  }

  /** Whether prompt and completion text may be recorded; check before extracting text. */
  public static boolean capturesContent() {
    return GenAiSettings.captureContent();
  }
}
