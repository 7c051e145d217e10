package dev.lantern.agent.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Sends one request body to the collector's URL and reads the answer; used from one thread. */
interface HttpPost {

  /** Posts {@code length} bytes of {@code body}; an I/O failure (refused, reset, timed out) throws. */
  Response post(byte[] body, int length) throws IOException;

  /** Releases the connection, if one is kept. */
  void close();

  /** Text from outside (a header name, the collector's answer) made safe for a message or a log line. */
  static String printable(String text) {
    return text.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** The collector's answer: its status, and for a refusal the start of its body. */
  final class Response {
    final int status;
    /** Up to 200 characters of the body, white space collapsed; empty for a success. */
    final String detail;

    private Response(int status, String detail) {
      this.status = status;
      this.detail = detail;
    }

    /** The answer, with the first {@code length} bytes of its body as the detail of a refusal. */
    static Response of(int status, byte[] body, int length) {
      return new Response(
          status,
          successful(status) || length <= 0
              ? ""
              : new String(body, 0, length, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim());
    }

    boolean success() {
      return successful(status);
    }

    static boolean successful(int status) {
      return status >= 200 && status < 300;
    }
  }
}
