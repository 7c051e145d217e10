package dev.lantern.testing.llm;

import java.util.List;
import java.util.Map;

/**
 * One request the server received, as the client sent it.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param path the request path without the query, e.g. {@code /v1/chat/completions}
 * @param query the raw query string, or {@code null}
 * @param headers header names lower-cased, each with its values in arrival order
 * @param body the request body as UTF-8 text ({@code ""} when there was none)
 */
public record RecordedRequest(
    String method, String path, String query, Map<String, List<String>> headers, String body) {

  /** The first value of a header (name case-insensitive), or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The body parsed as JSON ({@code null} for an empty body); throws {@link Json.JsonException} if not JSON. */
  public Object json() {
    return body.isBlank() ? null : Json.parse(body);
  }

  /** A JSON view of this request, as served by the admin endpoint. */
  Map<String, Object> toJson() {
    return Json.obj("method", method, "path", path, "query", query, "headers", headers, "body", body);
  }
}
