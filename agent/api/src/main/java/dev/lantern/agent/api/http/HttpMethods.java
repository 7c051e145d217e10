package dev.lantern.agent.api.http;

/**
 * Normalizes request methods to the set the HTTP semantic conventions allow as values:
 * the known methods as written, anything else as {@value #OTHER}, so a client sending arbitrary
 * verbs cannot create new metric series.
 */
public final class HttpMethods {

  public static final String OTHER = "_OTHER";

  private HttpMethods() {}

  /** The method itself when known (case-sensitive, as the semantic conventions say), else OTHER. */
  public static String normalize(String method) {
    if (method == null) {
      return OTHER;
    }
    switch (method) {
      case "GET":
        return "GET";
      case "POST":
        return "POST";
      case "PUT":
        return "PUT";
      case "DELETE":
        return "DELETE";
      case "HEAD":
        return "HEAD";
      case "OPTIONS":
        return "OPTIONS";
      case "PATCH":
        return "PATCH";
      case "CONNECT":
        return "CONNECT";
      case "TRACE":
        return "TRACE";
      case "QUERY":
        return "QUERY";
      default:
        return OTHER;
    }
  }
}
