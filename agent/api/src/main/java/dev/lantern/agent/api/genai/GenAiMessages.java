package dev.lantern.agent.api.genai;

/**
 * Prompt or completion text in the JSON shape of the GenAI semantic conventions' {@code
 * gen_ai.input.messages} / {@code gen_ai.output.messages}: {@code [{"role":"user","parts":
 * [{"type":"text","content":"..."}]}]}. The text of all parts together is cut to the configured
 * {@code lantern.genai.capture-content.max-length}; the JSON stays valid.
 */
public final class GenAiMessages {

  private final StringBuilder json = new StringBuilder(128).append('[');
  private final int maxLength;
  private int budget;
  private int count;

  public GenAiMessages() {
    this(GenAiSettings.maxContentLength());
  }

  GenAiMessages(int maxLength) {
    this.maxLength = maxLength;
    this.budget = maxLength;
  }

  /** Adds one message with a single text part; null or empty text adds nothing. */
  public GenAiMessages add(String role, String text) {
    return add(role, text, null);
  }

  public GenAiMessages add(String role, String text, String finishReason) {
    if (text == null || text.isEmpty() || count >= 64) {
      return this;
    }
    String content = text;
    if (content.length() > budget) {
      content = content.substring(0, Math.max(0, budget)) + "…";
    }
    budget = Math.max(0, budget - text.length());
    if (count++ > 0) {
      json.append(',');
    }
    json.append("{\"role\":");
    quote(role == null ? "user" : role);
    json.append(",\"parts\":[{\"type\":\"text\",\"content\":");
    quote(content);
    json.append("}]");
    if (finishReason != null) {
      json.append(",\"finish_reason\":");
      quote(finishReason);
    }
    json.append('}');
    return this;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  int maxLength() {
    return maxLength;
  }

  public String toJson() {
    return json.toString() + ']';
  }

  private void quote(String s) {
    json.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          json.append("\\\"");
          break;
        case '\\':
          json.append("\\\\");
          break;
        case '\n':
          json.append("\\n");
          break;
        case '\r':
          json.append("\\r");
          break;
        case '\t':
          json.append("\\t");
          break;
        default:
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
      }
    }
    json.append('"');
  }
}
