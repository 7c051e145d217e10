package dev.lantern.agent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lantern.agent.config.AgentSettings;
import dev.lantern.agent.config.LanternConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingSetupTest {

  @Test
  void theProcessIdIsTheJvmsOwn() {
    assertEquals(ProcessHandle.current().pid(), TracingSetup.processId());
  }

  @Test
  void theSpanPathWarmUpLeavesNothingBehind() throws Exception {
    AgentSettings settings =
        AgentSettings.from(
            LanternConfig.of(
                // a port nothing listens on: an export attempt would fail and be counted
                Map.of("lantern.exporter.otlp.endpoint", "http://127.0.0.1:9"), Map.of(), w -> {}));
    TracingSetup tracing = new TracingSetup(settings);
    try {
      Context before = Context.current();
      // process-wide counters: other tests in this JVM export too
      long handled = tracing.processor().exportedCount() + tracing.processor().droppedCount();

      tracing.warmUpSpanPath();

      assertEquals(0, tracing.processor().queued(), "nothing queued for export");
      assertEquals(handled, tracing.processor().exportedCount() + tracing.processor().droppedCount());
      assertEquals(0, tracing.traceStore().spanCount(), "nothing kept by the trace view");
      assertEquals(before, Context.current(), "the thread's context is as it was");
      assertFalse(Span.current().getSpanContext().isValid());
    } finally {
      tracing.tracerProvider().shutdown();
    }
  }
}
