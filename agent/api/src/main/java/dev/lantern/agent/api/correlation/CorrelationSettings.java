package dev.lantern.agent.api.correlation;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Where correlation IDs are read from and written to; from {@code lantern.correlation.*}. */
public final class CorrelationSettings {

  public static final List<String> DEFAULT_HEADERS =
      Collections.unmodifiableList(Arrays.asList("X-Correlation-ID", "X-Request-ID"));
  public static final String BAGGAGE_KEY = "correlation_id";

  public static final CorrelationSettings DEFAULT =
      new CorrelationSettings(DEFAULT_HEADERS, true, true);

  private final List<String> headers;
  private final boolean baggage;
  private final boolean responseHeader;

  public CorrelationSettings(List<String> headers, boolean baggage, boolean responseHeader) {
    this.headers =
        headers.isEmpty() ? DEFAULT_HEADERS : Collections.unmodifiableList(headers);
    this.baggage = baggage;
    this.responseHeader = responseHeader;
  }

  /** Inbound headers in order of preference; the first one is also the outbound header. */
  public List<String> headers() {
    return headers;
  }

  public String outboundHeader() {
    return headers.get(0);
  }

  /** Whether the ID also travels as the W3C baggage member {@value #BAGGAGE_KEY}. */
  public boolean baggage() {
    return baggage;
  }

  /** Whether server responses carry the ID in {@link #outboundHeader()}. */
  public boolean responseHeader() {
    return responseHeader;
  }
}
