package dev.lantern.agent.trace;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;

/**
 * An ended, sampled span written as OTLP protobuf: a range of a byte array, with what grouping
 * it into a request and the trace view need besides.
 *
 * <p>When a span ends, the export queue and the trace view are handed one of these over the
 * encoder's own buffer: the bytes are valid only during that call, and whoever keeps them copies
 * them (the export queue into {@link EncodedSpanQueue}, the trace view into its arena). So ending
 * a span allocates no array for its bytes, and nothing of it waits in the young generation for
 * its export batch. The trace view hands out spans over arrays of their own, which stay valid.
 */
public final class EncodedSpan {

  /** The span as a whole {@code ScopeSpans.spans} field (tag, length and the Span message) in {@code otlp[offset, offset + length)}. */
  byte[] otlp;
  int offset;
  int length;

  Resource resource;
  InstrumentationScopeInfo scope;
  String traceId;
  /** Whether the span's status is ERROR (the trace view keeps such traces beyond its rate). */
  boolean error;

  /** A span over an array of its own (the trace view rebuilds its kept spans from copies of their bytes). */
  public EncodedSpan(byte[] otlp, Resource resource, InstrumentationScopeInfo scope, String traceId, boolean error) {
    this(otlp, 0, otlp.length, resource, scope, traceId, error);
  }

  public EncodedSpan(
      byte[] otlp, int offset, int length, Resource resource, InstrumentationScopeInfo scope, String traceId, boolean error) {
    set(otlp, offset, length, resource, scope, traceId, error);
  }

  /** The encoder reuses one per buffer: see the class comment. */
  void set(byte[] otlp, int offset, int length, Resource resource, InstrumentationScopeInfo scope, String traceId, boolean error) {
    this.otlp = otlp;
    this.offset = offset;
    this.length = length;
    this.resource = resource;
    this.scope = scope;
    this.traceId = traceId;
    this.error = error;
  }

  public String traceId() {
    return traceId;
  }

  public boolean error() {
    return error;
  }

  public Resource resource() {
    return resource;
  }

  public InstrumentationScopeInfo scope() {
    return scope;
  }

  /** The array holding the encoded field at {@link #offset()}: read it, never change it. */
  public byte[] bytes() {
    return otlp;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  /** Where the Span message starts in {@link #bytes()}: after the tag byte and the length varint. */
  public int messageStart() {
    int p = offset + 1;
    while ((otlp[p] & 0x80) != 0) {
      p++;
    }
    return p + 1;
  }

  /** Where the Span message ends in {@link #bytes()} (exclusive). */
  public int end() {
    return offset + length;
  }
}
