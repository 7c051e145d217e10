package dev.lantern.agent.api.http;

/**
 * Keeps secrets out of recorded URLs: user info is dropped, and the values of query parameters
 * whose names look like credentials (token, key, password, secret, signature, auth, session,
 * credential, sig) are replaced with {@value #REDACTED}. Other values are kept, as the semantic
 * conventions allow.
 */
public final class UrlRedaction {

  public static final String REDACTED = "REDACTED";

  private static final String[] SENSITIVE = {
    "token", "key", "password", "passwd", "pwd", "secret", "signature", "auth", "session",
    "credential", "sig", "code"
  };

  private UrlRedaction() {}

  /** The query string with sensitive values replaced; the same instance when nothing changes. */
  public static String redactQuery(String query) {
    if (query == null || query.isEmpty() || !hasSensitiveName(query)) {
      return query; // the common case allocates nothing
    }
    StringBuilder out = new StringBuilder(query.length());
    int start = 0;
    int length = query.length();
    while (start <= length) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = length;
      }
      int eq = query.indexOf('=', start);
      if (eq >= 0 && eq < end && isSensitive(query, start, eq)) {
        out.append(query, start, eq + 1).append(REDACTED);
      } else {
        out.append(query, start, end);
      }
      if (end < length) {
        out.append('&');
      }
      start = end + 1;
    }
    return out.toString();
  }

  /** Whether any parameter with a value has a sensitive name; scans without allocating. */
  private static boolean hasSensitiveName(String query) {
    int start = 0;
    int length = query.length();
    while (start < length) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = length;
      }
      int eq = query.indexOf('=', start);
      if (eq >= 0 && eq < end && isSensitive(query, start, eq)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  /** The URL without user info and with a redacted query; the same instance when unchanged. */
  public static String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    String result = url;
    int schemeEnd = url.indexOf("://");
    if (schemeEnd > 0) {
      int authorityStart = schemeEnd + 3;
      int authorityEnd = indexOfAny(url, authorityStart);
      int at = url.lastIndexOf('@', authorityEnd - 1);
      if (at >= authorityStart) {
        result = url.substring(0, authorityStart) + url.substring(at + 1);
      }
    }
    int q = result.indexOf('?');
    if (q >= 0) {
      int hash = result.indexOf('#', q);
      String query = hash < 0 ? result.substring(q + 1) : result.substring(q + 1, hash);
      String redacted = redactQuery(query);
      if (redacted != query) {
        result = result.substring(0, q + 1) + redacted + (hash < 0 ? "" : result.substring(hash));
      }
    }
    return result;
  }

  private static int indexOfAny(String url, int from) {
    for (int i = from; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return url.length();
  }

  static boolean isSensitive(String parameterName) {
    return isSensitive(parameterName, 0, parameterName.length());
  }

  /** Whether the name in {@code text[from, to)} contains a sensitive word, ignoring case. */
  private static boolean isSensitive(String text, int from, int to) {
    for (String word : SENSITIVE) {
      for (int i = from; i + word.length() <= to; i++) {
        if (text.regionMatches(true, i, word, 0, word.length())) {
          return true;
        }
      }
    }
    return false;
  }
}
