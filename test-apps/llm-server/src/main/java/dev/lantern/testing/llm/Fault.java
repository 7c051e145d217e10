package dev.lantern.testing.llm;

import java.util.Locale;

/**
 * A parsed fault specification: comma-separated items, as in the {@code x-test-fault} header.
 *
 * <ul>
 *   <li>a status code ({@code 400}..{@code 599}, e.g. {@code 429}, {@code 500}, {@code 529}): answer with that status
 *       and the protocol's error body;
 *   <li>{@code break-stream}: send part of the answer then drop the connection (a streaming answer stops after a few
 *       events, with no {@code [DONE]}/{@code message_stop}; a JSON answer stops half-way through its body);
 *   <li>{@code stream-error}: a streaming answer sends a few events then an in-stream error event (Anthropic:
 *       {@code event: error} with {@code overloaded_error}; OpenAI: {@code data: {"error":{...}}}) and ends;
 *   <li>{@code slow:<ms>}: wait that long before answering;
 *   <li>{@code slow-chunks:<ms>}: wait that long before each streamed event;
 *   <li>{@code no-usage}: leave the usage block out;
 *   <li>{@code negative-usage}: report token counts as negative numbers.
 * </ul>
 */
final class Fault {
  static final Fault NONE = new Fault(0, false, false, 0, 0, false, false);

  final int status;
  final boolean breakStream;
  final boolean streamError;
  final long slowMillis;
  final long slowChunksMillis;
  final boolean noUsage;
  final boolean negativeUsage;

  private Fault(
      int status,
      boolean breakStream,
      boolean streamError,
      long slowMillis,
      long slowChunksMillis,
      boolean noUsage,
      boolean negativeUsage) {
    this.status = status;
    this.breakStream = breakStream;
    this.streamError = streamError;
    this.slowMillis = slowMillis;
    this.slowChunksMillis = slowChunksMillis;
    this.noUsage = noUsage;
    this.negativeUsage = negativeUsage;
  }

  /** Parses a spec; {@code null} or blank gives {@link #NONE}. Throws IllegalArgumentException on unknown items. */
  static Fault parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return NONE;
    }
    int status = 0;
    boolean breakStream = false;
    boolean streamError = false;
    long slow = 0;
    long slowChunks = 0;
    boolean noUsage = false;
    boolean negativeUsage = false;
    for (String raw : spec.split(",")) {
      String item = raw.trim().toLowerCase(Locale.ROOT);
      if (item.isEmpty()) {
        continue;
      }
      if (item.chars().allMatch(Character::isDigit)) {
        int code = Integer.parseInt(item);
        if (code < 400 || code > 599) {
          throw new IllegalArgumentException("fault status must be 400..599: " + item);
        }
        status = code;
      } else if (item.equals("break-stream")) {
        breakStream = true;
      } else if (item.equals("stream-error")) {
        streamError = true;
      } else if (item.startsWith("slow-chunks:")) {
        slowChunks = parseMillis(item.substring("slow-chunks:".length()), item);
      } else if (item.startsWith("slow:")) {
        slow = parseMillis(item.substring("slow:".length()), item);
      } else if (item.equals("no-usage")) {
        noUsage = true;
      } else if (item.equals("negative-usage")) {
        negativeUsage = true;
      } else {
        throw new IllegalArgumentException("unknown fault: " + raw.trim());
      }
    }
    return new Fault(status, breakStream, streamError, slow, slowChunks, noUsage, negativeUsage);
  }

  private static long parseMillis(String text, String item) {
    try {
      long ms = Long.parseLong(text.trim());
      if (ms < 0) {
        throw new IllegalArgumentException("negative delay: " + item);
      }
      return ms;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad delay: " + item);
    }
  }

  /** This fault with the other's items added; the other's status and delays win where both set one. */
  Fault plus(Fault other) {
    if (other == NONE) {
      return this;
    }
    if (this == NONE) {
      return other;
    }
    return new Fault(
        other.status != 0 ? other.status : status,
        breakStream || other.breakStream,
        streamError || other.streamError,
        other.slowMillis != 0 ? other.slowMillis : slowMillis,
        other.slowChunksMillis != 0 ? other.slowChunksMillis : slowChunksMillis,
        noUsage || other.noUsage,
        negativeUsage || other.negativeUsage);
  }
}
