package dev.lantern.agent.trace;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import java.util.List;

/**
 * Spans encoded when they ended, as one export request's batch: span {@code i}'s bytes are
 * {@code array(i)[offset(i), offset(i) + length(i))}, a whole {@code ScopeSpans.spans} field.
 */
public interface EncodedBatch {

  int size();

  Resource resource(int i);

  InstrumentationScopeInfo scope(int i);

  byte[] array(int i);

  int offset(int i);

  int length(int i);

  /** A batch of spans over arrays that stay valid (tests, and spans read back from the trace view). */
  static EncodedBatch of(List<EncodedSpan> spans) {
    return new EncodedBatch() {
      @Override
      public int size() {
        return spans.size();
      }

      @Override
      public Resource resource(int i) {
        return spans.get(i).resource;
      }

      @Override
      public InstrumentationScopeInfo scope(int i) {
        return spans.get(i).scope;
      }

      @Override
      public byte[] array(int i) {
        return spans.get(i).otlp;
      }

      @Override
      public int offset(int i) {
        return spans.get(i).offset;
      }

      @Override
      public int length(int i) {
        return spans.get(i).length;
      }
    };
  }
}
