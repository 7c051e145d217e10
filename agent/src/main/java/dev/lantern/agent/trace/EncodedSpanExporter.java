package dev.lantern.agent.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.List;

/**
 * An exporter that sends spans encoded when they ended ({@link EncodedSpan}): the export queue
 * then keeps those bytes instead of the SDK's span objects.
 */
interface EncodedSpanExporter {

  /** Whether this exporter, as configured, takes encoded spans (OTLP http/protobuf does). */
  boolean takesEncoded();

  CompletableResultCode exportEncoded(List<EncodedSpan> spans);
}
