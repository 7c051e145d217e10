package dev.lantern.testapps.httpclients;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A fresh trace the test starts, so that it knows the trace id before any span arrives. */
record Traces(String traceId, String parentSpanId) {

  static Traces fresh() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new Traces(hex(random, 16), hex(random, 8));
  }

  Map<String, String> headers(String correlationId) {
    return Map.of(
        "traceparent", "00-" + traceId + "-" + parentSpanId + "-01",
        "X-Correlation-ID", correlationId);
  }

  private static String hex(ThreadLocalRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    b[0] |= 1; // never all zeros
    return HexFormat.of().formatHex(b);
  }
}
