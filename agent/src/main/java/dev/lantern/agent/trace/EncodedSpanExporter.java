package dev.lantern.agent.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;

/**
 * An exporter that sends spans encoded when they ended ({@link EncodedSpan}): the export queue
 * then keeps those bytes instead of the SDK's span objects.
 */
interface EncodedSpanExporter {

  /** Whether this exporter, as configured, takes encoded spans (OTLP http/protobuf does). */
  boolean takesEncoded();

  /** Exports the batch; its bytes are valid until this returns (the call may wait for the answer). */
  CompletableResultCode exportEncoded(EncodedBatch spans);
}
