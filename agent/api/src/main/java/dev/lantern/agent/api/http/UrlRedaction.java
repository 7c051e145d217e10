package dev.lantern.agent.api.http;

import java.util.Locale;

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
    if (query == null || query.isEmpty()) {
      return query;
    }
    StringBuilder out = null;
    int start = 0;
    int length = query.length();
    while (start <= length) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = length;
      }
      int eq = query.indexOf('=', start);
      boolean hasValue = eq >= 0 && eq < end;
      String name = query.substring(start, hasValue ? eq : end);
      if (hasValue && isSensitive(name)) {
        if (out == null) {
          out = new StringBuilder(length).append(query, 0, start);
        }
        out.append(name).append('=').append(REDACTED);
      } else if (out != null) {
        out.append(query, start, end);
      }
      if (end < length && out != null) {
        out.append('&');
      }
      start = end + 1;
    }
    return out == null ? query : out.toString();
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
    String lower = parameterName.toLowerCase(Locale.ROOT);
    for (String word : SENSITIVE) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
