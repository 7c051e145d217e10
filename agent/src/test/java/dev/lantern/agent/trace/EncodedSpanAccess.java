package dev.lantern.agent.trace;

/** Tests in other packages: an encoded span over bytes of the test's choosing. */
public final class EncodedSpanAccess {

  private EncodedSpanAccess() {}

  public static EncodedSpan withBytes(EncodedSpan span, byte[] bytes) {
    return new EncodedSpan(bytes, span.resource, span.scope, span.traceId, span.error);
  }

  public static EncodedSpan withTraceId(EncodedSpan span, String traceId) {
    return new EncodedSpan(span.otlp, span.resource, span.scope, traceId, span.error);
  }
}
