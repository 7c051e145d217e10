package dev.lantern.agent.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.GarbageCollection;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The export queue against a real SDK tracer provider and an exporter that the test controls
 * (the collector side; the agent's own class, not an instrumented library, is under test).
 */
class ExportQueueProcessorTest {

  @Test
  void everyEndedSpanIsExportedOrCountedAsDropped() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ControlledExporter exporter = new ControlledExporter(release);
    ExportHealth health = new ExportHealth("otlp", "test");
    ExportQueueProcessor processor = new ExportQueueProcessor(exporter, health, 10, 5, 10, 5000);
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    Tracer tracer = provider.get("t");
    long exportedBefore = processor.exportedCount();
    long droppedBefore = processor.droppedCount();
    for (int i = 0; i < 100; i++) {
      tracer.spanBuilder("s" + i).startSpan().end();
    }
    release.countDown(); // the exporter was blocked: the queue (10) overflowed meanwhile
    assertTrue(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    provider.shutdown().join(10, TimeUnit.SECONDS);
    long exported = processor.exportedCount() - exportedBefore;
    long dropped = processor.droppedCount() - droppedBefore;
    assertEquals(100, exported + dropped, "exported " + exported + ", dropped " + dropped);
    assertTrue(dropped > 0);
    assertEquals(exported, exporter.received.size());
    assertTrue(health.reachable());
  }

  @Test
  void underSteadyLoadEveryExportCarriesAFullBatch() {
    // each export takes ~2 ms while spans keep ending at ~10 per ms: draining "until the queue is
    // empty" would send, after the first full batch, the ~20 spans that ended during each export
    BatchRecordingExporter exporter = new BatchRecordingExporter(2);
    ExportQueueProcessor processor =
        new ExportQueueProcessor(exporter, new ExportHealth("otlp", "test"), 10_000, 100, 60_000, 5000);
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    Tracer tracer = provider.get("t");
    for (int i = 1; i <= 3000; i++) {
      tracer.spanBuilder("s").startSpan().end();
      if (i % 10 == 0) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
    assertTrue(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    provider.shutdown().join(10, TimeUnit.SECONDS);
    List<Integer> sizes = exporter.batchSizes();
    assertEquals(3000, sizes.stream().mapToInt(Integer::intValue).sum());
    // 30 full batches; the flush may add one partial batch at most
    assertTrue(sizes.size() <= 31, "export requests: " + sizes.size() + " " + sizes);
    assertTrue(sizes.subList(0, 29).stream().allMatch(n -> n == 100), sizes.toString());
  }

  @Test
  void failedExportsAreDroppedCountedAndReportedOncePerOutage() {
    ControlledExporter exporter = new ControlledExporter(new CountDownLatch(0));
    exporter.fail = true;
    ExportHealth health = new ExportHealth("otlp", "http://collector");
    ExportQueueProcessor processor = new ExportQueueProcessor(exporter, health, 100, 10, 10, 5000);
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    long droppedBefore = processor.droppedCount();
    for (int i = 0; i < 25; i++) {
      provider.get("t").spanBuilder("s").startSpan().end();
      processor.forceFlush().join(5, TimeUnit.SECONDS);
    }
    assertEquals(25, processor.droppedCount() - droppedBefore);
    assertFalse(health.reachable());
    assertTrue(health.consecutiveFailures() >= 2);
    assertTrue(health.lastError().contains("refused"), health.lastError());
    exporter.fail = false;
    provider.get("t").spanBuilder("after").startSpan().end();
    processor.forceFlush().join(5, TimeUnit.SECONDS);
    assertTrue(health.reachable());
    provider.shutdown().join(5, TimeUnit.SECONDS);
  }

  @Test
  void spansTheExporterLeavesOutAreCountedAsDroppedNotExported() {
    SkippingExporter exporter = new SkippingExporter();
    ExportQueueProcessor processor =
        new ExportQueueProcessor(exporter, new ExportHealth("otlp", "test"), 100, 10, 10, 5000);
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    long exportedBefore = processor.exportedCount();
    long droppedBefore = processor.droppedCount();
    for (int i = 0; i < 10; i++) {
      provider.get("t").spanBuilder("s" + i).startSpan().end();
    }
    assertTrue(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    provider.shutdown().join(10, TimeUnit.SECONDS);
    assertEquals(10, exporter.offered);
    assertEquals(10 - exporter.skippedTotal, processor.exportedCount() - exportedBefore);
    assertEquals(exporter.skippedTotal, processor.droppedCount() - droppedBefore);
    assertTrue(exporter.skippedTotal > 0);
  }

  @Test
  void withAnEncodingExporterTheQueueKeepsBytesNotTheSdkSpan() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    EncodedRecordingExporter exporter = new EncodedRecordingExporter(release);
    ExportQueueProcessor processor =
        new ExportQueueProcessor(exporter, new ExportHealth("otlp", "test"), 100, 10, 60_000, 5000);
    List<byte[]> alsoSeen = new ArrayList<>();
    processor.alsoTo(view -> alsoSeen.add(copy(view.bytes(), view.offset(), view.length())));
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    Span span = provider.get("t").spanBuilder("queued").setAttribute("k", "v").startSpan();
    String traceId = span.getSpanContext().getTraceId();
    WeakReference<Span> sdkSpan = new WeakReference<>(span);
    span.end();
    span = null;
    // the span waits in the queue (batch 10, delay 60 s): the SDK's span must already be garbage
    assertTrue(GarbageCollection.collected(sdkSpan), "the queue keeps the SDK's span object alive");
    assertEquals(1, processor.queued());
    assertEquals(1, alsoSeen.size(), "the trace view is handed the same encoded span");
    release.countDown();
    assertTrue(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    provider.shutdown().join(10, TimeUnit.SECONDS);
    assertEquals(1, exporter.received.size());
    EncodedSpan exported = exporter.received.get(0);
    assertArrayEquals(alsoSeen.get(0), exported.bytes(), "the trace view is handed the bytes the export sends");
    assertEquals("t", exported.scope().getName());
    io.opentelemetry.proto.trace.v1.Span decoded =
        io.opentelemetry.proto.trace.v1.Span.parseFrom(
            java.util.Arrays.copyOfRange(exported.bytes(), exported.messageStart(), exported.bytes().length));
    assertEquals("queued", decoded.getName());
    assertEquals(traceId, io.opentelemetry.api.trace.TraceId.fromBytes(decoded.getTraceId().toByteArray()));
    assertEquals("v", decoded.getAttributes(0).getValue().getStringValue());
  }

  @Test
  void endingASpanCopiesItsBytesIntoTheQueueWithoutAnArrayOfItsOwn() {
    EncodedRecordingExporter exporter = new EncodedRecordingExporter(new CountDownLatch(0));
    ExportQueueProcessor processor =
        new ExportQueueProcessor(exporter, new ExportHealth("otlp", "test"), 100_000, 64L << 20, 100_000, 600_000, 5000);
    List<io.opentelemetry.sdk.trace.ReadableSpan> ended = new ArrayList<>();
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new EndedSpans(ended)).build();
    String twoKilobytes = "v".repeat(2048);
    for (int i = 0; i < 12_000; i++) {
      provider.get("t").spanBuilder("s").setAttribute("k", twoKilobytes).startSpan().end();
    }
    // the first 6,000 allocate the encoder's buffer, the queue's chunks, and let the JIT work;
    // exported, they leave the chunks free for the next 6,000, as under steady load
    for (int i = 0; i < 6_000; i++) {
      processor.onEnd(ended.get(i));
    }
    assertTrue(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 6_000; i < 12_000; i++) {
      processor.onEnd(ended.get(i));
    }
    long perSpan = (threads.getThreadAllocatedBytes(thread) - before) / 6_000;
    assertEquals(6_000, processor.queued(), "every span queued");
    // the SDK's SpanData snapshot remains (a few hundred bytes); a copy of the 2 KB span would not
    assertTrue(perSpan < 512, "bytes allocated per ended span: " + perSpan);
    provider.shutdown().join(10, TimeUnit.SECONDS);
    processor.shutdown().join(10, TimeUnit.SECONDS);
  }

  @Test
  void spansFillingHalfTheQueuesMemoryAreExportedWithoutWaitingForABatch() throws Exception {
    CountDownLatch exported = new CountDownLatch(1);
    EncodedRecordingExporter exporter = new EncodedRecordingExporter(new CountDownLatch(0)) {
      @Override
      public CompletableResultCode exportEncoded(EncodedBatch spans) {
        CompletableResultCode result = super.exportEncoded(spans);
        exported.countDown();
        return result;
      }
    };
    // batches of 1,000 and a minute's delay, but 4 chunks of memory: 60 KB spans fill 2 of them
    ExportQueueProcessor processor =
        new ExportQueueProcessor(
            exporter, new ExportHealth("otlp", "test"), 1000, 4L * EncodedSpanQueue.CHUNK_BYTES, 1000, 60_000, 5000);
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    String sixtyKilobytes = "v".repeat(60_000);
    for (int i = 0; i < 5; i++) {
      provider.get("t").spanBuilder("large").setAttribute("k", sixtyKilobytes).startSpan().end();
    }
    assertTrue(exported.await(20, TimeUnit.SECONDS), "exported before the batch or the delay was reached");
    provider.shutdown().join(10, TimeUnit.SECONDS);
    assertEquals(5, exporter.received.size(), "none dropped");
  }

  /** Collects the ended spans, to be handed to the processor under test directly. */
  private static final class EndedSpans implements io.opentelemetry.sdk.trace.SpanProcessor {
    private final List<io.opentelemetry.sdk.trace.ReadableSpan> ended;

    EndedSpans(List<io.opentelemetry.sdk.trace.ReadableSpan> ended) {
      this.ended = ended;
    }

    @Override
    public void onStart(io.opentelemetry.context.Context context, io.opentelemetry.sdk.trace.ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {
      ended.add(span);
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  private static byte[] copy(byte[] array, int offset, int length) {
    return java.util.Arrays.copyOfRange(array, offset, offset + length);
  }

  /** The exporters below only differ in export(); flushing and shutting down have nothing to do. */
  private abstract static class TestExporter implements SpanExporter {
    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Accepts every export but leaves the first span of each batch out, as the OTLP writer does with unreadable spans. */
  private static final class SkippingExporter extends TestExporter implements PartialExport {
    int offered;
    int skippedTotal;
    private int skippedLast;

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
      offered += spans.size();
      skippedLast = spans.isEmpty() ? 0 : 1;
      skippedTotal += skippedLast;
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public synchronized int skippedInLastExport() {
      return skippedLast;
    }
  }

  /** Takes {@code millis} per export, like a collector round trip, and records each batch size. */
  private static final class BatchRecordingExporter extends TestExporter {
    private final long millis;
    private final List<Integer> sizes = new ArrayList<>();

    BatchRecordingExporter(long millis) {
      this.millis = millis;
    }

    synchronized List<Integer> batchSizes() {
      return new ArrayList<>(sizes);
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      synchronized (this) {
        sizes.add(spans.size());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Takes encoded spans, as the OTLP http/protobuf exporter does, once released. */
  private static class EncodedRecordingExporter extends TestExporter implements EncodedSpanExporter {
    final List<EncodedSpan> received = new ArrayList<>();
    private final CountDownLatch release;

    EncodedRecordingExporter(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public boolean takesEncoded() {
      return true;
    }

    @Override
    public CompletableResultCode exportEncoded(EncodedBatch spans) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (received) {
        // the batch's bytes are valid during this call only
        for (int i = 0; i < spans.size(); i++) {
          received.add(
              new EncodedSpan(copy(spans.array(i), spans.offset(i), spans.length(i)), spans.resource(i), spans.scope(i), null, false));
        }
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      throw new AssertionError("an encoding exporter is handed encoded spans");
    }
  }

  private static final class ControlledExporter extends TestExporter {
    final List<SpanData> received = new ArrayList<>();
    final CountDownLatch release;
    volatile boolean fail;

    ControlledExporter(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (fail) {
        return CompletableResultCode.ofExceptionalFailure(new java.net.ConnectException("Connection refused"));
      }
      synchronized (received) {
        received.addAll(spans);
      }
      return CompletableResultCode.ofSuccess();
    }
  }
}
