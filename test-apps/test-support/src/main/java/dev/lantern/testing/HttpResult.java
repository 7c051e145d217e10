package dev.lantern.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A completed HTTP exchange as seen by {@link Http}.
 *
 * @param status response status code
 * @param headers response headers, names lower-case
 * @param body response body decoded as UTF-8
 */
public record HttpResult(int status, Map<String, List<String>> headers, String body) {

  /** First value of the header (any case), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The Content-Type header, or null. */
  public String contentType() {
    return header("content-type");
  }

  /**
   * Returns this result when the status is as expected.
   *
   * @throws AssertionError with status, headers and body otherwise
   */
  public HttpResult requireStatus(int expected) {
    if (status != expected) {
      throw new AssertionError("expected HTTP " + expected + " but got " + describe());
    }
    return this;
  }

  /** Status, headers and (abbreviated) body, for failure messages. */
  public String describe() {
    String shownBody = body.length() > 4000 ? body.substring(0, 4000) + "\n…(truncated)" : body;
    return "HTTP " + status + " " + headers + "\n" + shownBody;
  }
}
