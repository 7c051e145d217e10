package dev.lantern.agent.api.correlation;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The correlation ID of a request: kept in the OpenTelemetry {@link Context}, so it follows the
 * request wherever the context goes (threads, async hops, outgoing calls) and is gone when the
 * request's scope closes; no thread-local of its own to leak on pooled threads.
 */
public final class CorrelationId {

  /** IDs longer than this are rejected rather than propagated. */
  public static final int MAX_LENGTH = 128;

  private static final ContextKey<String> KEY = ContextKey.named("lantern-correlation-id");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CorrelationId() {}

  public static String fromContext(Context context) {
    return context.get(KEY);
  }

  public static String current() {
    return Context.current().get(KEY);
  }

  public static Context storeIn(Context context, String id) {
    return context.with(KEY, id);
  }

  /**
   * The ID if it is safe to log and forward, else null: 1 to {@value #MAX_LENGTH} characters of
   * letters, digits and {@code - _ . : / + = @ ~}. Anything else (control characters, spaces,
   * quotes, non-ASCII, oversized values) could forge log lines or bloat every downstream header.
   */
  public static String validate(String raw) {
    if (raw == null) {
      return null;
    }
    String value = raw.trim();
    int length = value.length();
    if (length == 0 || length > MAX_LENGTH) {
      return null;
    }
    for (int i = 0; i < length; i++) {
      if (!allowed(value.charAt(i))) {
        return null;
      }
    }
    return value;
  }

  private static boolean allowed(char c) {
    return plain(c)
        || c == ':'
        || c == '/'
        || c == '+'
        || c == '='
        || c == '@'
        || c == '~';
  }

  /** Letters, digits, '-', '_' and '.': characters no header or baggage encoder escapes. */
  static boolean plain(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.';
  }

  /** A random UUID (version 4 layout), without the cost of SecureRandom. */
  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    char[] out = new char[36];
    int pos = 0;
    for (int i = 60; i >= 0; i -= 4) {
      if (pos == 8 || pos == 13) {
        out[pos++] = '-';
      }
      out[pos++] = HEX[(int) (high >>> i) & 0xF];
    }
    for (int i = 60; i >= 0; i -= 4) {
      if (pos == 18 || pos == 23) {
        out[pos++] = '-';
      }
      out[pos++] = HEX[(int) (low >>> i) & 0xF];
    }
    return new String(out);
  }
}
