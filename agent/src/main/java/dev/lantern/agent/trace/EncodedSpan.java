package dev.lantern.agent.trace;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;

/**
 * An ended, sampled span already written as OTLP protobuf: one byte array, shared by the export
 * queue and the trace view. Keeping this instead of the SDK's span lets the span's object graph
 * (its attribute map, context, id strings, events) die young: a span waiting for its batch, or
 * kept by the trace view, is then one small array for the garbage collector to copy, not a few
 * dozen objects.
 */
public final class EncodedSpan {

  /** The span as a whole {@code ScopeSpans.spans} field: tag, length and the Span message. */
  final byte[] otlp;

  final Resource resource;
  final InstrumentationScopeInfo scope;
  final String traceId;
  /** Whether the span's status is ERROR (the trace view keeps such traces beyond its rate). */
  final boolean error;

  /** The trace view rebuilds its kept spans from copies of their bytes; otherwise {@link SpanEncoder} makes these. */
  public EncodedSpan(byte[] otlp, Resource resource, InstrumentationScopeInfo scope, String traceId, boolean error) {
    this.otlp = otlp;
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

  /** The encoded field: read it, never change it (the export queue sends these very bytes). */
  public byte[] bytes() {
    return otlp;
  }

  /** Where the Span message starts in {@link #bytes()}: after the tag byte and the length varint. */
  public int messageStart() {
    int p = 1;
    while ((otlp[p] & 0x80) != 0) {
      p++;
    }
    return p + 1;
  }
}
