package dev.lantern.agent.api.genai;

import java.net.URI;
import java.util.Locale;

/** {@code gen_ai.provider.name} values. */
public final class GenAiProviders {

  public static final String OPENAI = "openai";
  public static final String ANTHROPIC = "anthropic";
  public static final String AZURE_OPENAI = "azure.ai.openai";

  private GenAiProviders() {}

  /**
   * The provider behind an OpenAI-compatible base URL: {@code openai} for api.openai.com, {@code
   * azure.ai.openai} for Azure OpenAI hosts, otherwise the host name itself (a vLLM, Ollama or
   * gateway host), lower-cased; {@code openai} when the URL has no host.
   */
  public static String fromOpenAiBaseUrl(String baseUrl) {
    String host = host(baseUrl);
    if (host == null) {
      return OPENAI;
    }
    if (host.equals("api.openai.com") || host.endsWith(".openai.com")) {
      return OPENAI;
    }
    if (host.endsWith(".openai.azure.com")
        || host.endsWith(".azure.com")
        || host.endsWith(".azure-api.net")) {
      return AZURE_OPENAI;
    }
    return host;
  }

  /** The lower-cased host of a URL, or null. */
  public static String host(String url) {
    if (url == null) {
      return null;
    }
    try {
      String host = URI.create(url.trim()).getHost();
      if (host == null || host.isEmpty()) {
        return null;
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return host.toLowerCase(Locale.ROOT);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The port of a URL, defaulted by scheme; -1 when unknown. */
  public static int port(String url) {
    if (url == null) {
      return -1;
    }
    try {
      URI uri = URI.create(url.trim());
      if (uri.getPort() > 0) {
        return uri.getPort();
      }
      if ("https".equalsIgnoreCase(uri.getScheme())) {
        return 443;
      }
      return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
