package dev.lantern.agent.trace;

import dev.lantern.agent.api.LanternThread;
import dev.lantern.agent.api.log.AgentLoggers;
import dev.lantern.agent.api.metrics.AgentMetrics;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prometheus.client.Collector;
import io.prometheus.client.Counter;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Queues ended, sampled spans and exports them in batches from one agent thread.
 *
 * <p>The queue is bounded: when the exporter cannot keep up (collector down, slow, refusing),
 * new spans are dropped and counted rather than piling up in the heap, and the application's
 * threads never wait on export. Every span is accounted for in {@code
 * lantern_agent_spans_{started,exported,dropped}_total}. A failing exporter is logged once when
 * the outage starts and once when it ends.
 *
 * <p>With an exporter that takes encoded spans (OTLP http/protobuf), a span is encoded when it
 * ends and the queue holds its bytes, not the SDK's span, copied into the reused chunks of an
 * {@link EncodedSpanQueue}: spans waiting for their batch were a large part of what survived each
 * young collection, and of its pause. The trace view, when on, is handed the same bytes.
 */
public final class ExportQueueProcessor implements SpanProcessor {

  private static final Logger log = AgentLoggers.get(ExportQueueProcessor.class);

  /** Memory for spans waiting for export when they are queued as bytes, unless configured. */
  static final long DEFAULT_QUEUE_BYTES = 4L * 1024 * 1024;

  private final SpanExporter exporter;
  private final ExportHealth health;
  /** Spans queued as the SDK's objects, for exporters that take {@link SpanData}. */
  private final BlockingQueue<ReadableSpan> queue;
  /** Set when the exporter takes encoded spans: they are queued here, as bytes, instead. */
  private final SpanEncoder encoder;
  private final EncodedSpanQueue encodedQueue;
  private final Consumer<EncodedSpan> enqueueEncoded = this::enqueueEncoded;
  private volatile Consumer<EncodedSpan> alsoTo;
  private final int batchSize;
  private final long delayNanos;
  private final long exportTimeoutMillis;
  private final Thread worker;
  private final Object signal = new Object();
  /**
   * Spans offered and not yet drained. Kept beside the queue so that ending a span takes the
   * queue's lock once (its offer) and the signal's monitor only when this count reaches a batch,
   * once per batch rather than once per span.
   */
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean shutdown = new AtomicBoolean();
  private volatile CompletableResultCode flushRequest;

  private final Counter.Child started;
  private final Counter.Child exported;
  private final Counter.Child droppedQueueFull;
  private final Counter.Child droppedExportFailed;
  private final Counter.Child droppedUnreadable;

  public ExportQueueProcessor(
      SpanExporter exporter,
      ExportHealth health,
      int queueSize,
      int batchSize,
      long delayMillis,
      long exportTimeoutMillis) {
    this(exporter, health, queueSize, DEFAULT_QUEUE_BYTES, batchSize, delayMillis, exportTimeoutMillis);
  }

  /** @param queueBytes memory for spans queued as bytes (OTLP http/protobuf), allocated as needed */
  public ExportQueueProcessor(
      SpanExporter exporter,
      ExportHealth health,
      int queueSize,
      long queueBytes,
      int batchSize,
      long delayMillis,
      long exportTimeoutMillis) {
    this.exporter = exporter;
    this.health = health;
    this.batchSize = batchSize;
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    this.exportTimeoutMillis = exportTimeoutMillis;
    boolean encodes =
        exporter instanceof EncodedSpanExporter && ((EncodedSpanExporter) exporter).takesEncoded();
    this.encoder = encodes ? new SpanEncoder() : null;
    this.encodedQueue = encodes ? new EncodedSpanQueue(queueSize, queueBytes) : null;
    this.queue = encodes ? null : new ArrayBlockingQueue<>(queueSize);
    this.started =
        AgentMetrics.counter("lantern_agent_spans_started_total", "Sampled spans started.").labels();
    this.exported =
        AgentMetrics.counter(
                "lantern_agent_spans_exported_total", "Spans the exporter accepted.")
            .labels();
    Counter dropped =
        AgentMetrics.counter(
            "lantern_agent_spans_dropped_total",
            "Spans dropped: queue_full when export cannot keep up, export_failed when the exporter refused or failed,"
                + " unreadable when a span's data could not be read for export.",
            "reason");
    this.droppedQueueFull = dropped.labels("queue_full");
    this.droppedExportFailed = dropped.labels("export_failed");
    this.droppedUnreadable = dropped.labels("unreadable");
    AgentMetrics.register("lantern_agent_export_queue_spans", () -> new QueueGauge(this));
    this.worker = new LanternThread("span-export", this::run);
    worker.start();
  }

  /** Whether the queue holds encoded spans, which {@link #alsoTo} can then be handed. */
  public boolean encodes() {
    return encoder != null;
  }

  /**
   * Hands each encoded span to {@code sink} too (the trace view), so it is encoded once. Only
   * when {@link #encodes()}. The sink runs on the application's thread and must not throw.
   */
  public void alsoTo(Consumer<EncodedSpan> sink) {
    this.alsoTo = sink;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    started.inc();
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (!span.getSpanContext().isSampled()) {
      return;
    }
    if (encoder != null) {
      if (!encoder.encode(span, enqueueEncoded)) {
        droppedUnreadable.inc();
      }
      return;
    }
    if (!queue.offer(span)) {
      droppedQueueFull.inc();
      return;
    }
    countPending(false);
  }

  /** The encoder's sink: the span's bytes are valid during this call only, so both copy them. */
  private void enqueueEncoded(EncodedSpan encoded) {
    Consumer<EncodedSpan> sink = alsoTo;
    if (sink != null) {
      sink.accept(encoded);
    }
    int queued = encodedQueue.offer(encoded);
    if (queued == EncodedSpanQueue.FULL) {
      droppedQueueFull.inc();
      return;
    }
    // half the queue's memory holds spans (large ones, or an export that is slow): export now
    // rather than when a full batch or the delay is reached
    countPending(queued == EncodedSpanQueue.QUEUED_DRAIN);
  }

  /** One more span waits; the export thread is woken at a full batch, or when {@code exportNow}. */
  private void countPending(boolean exportNow) {
    if (pending.incrementAndGet() == batchSize || exportNow) {
      wake();
    }
  }

  private void wake() {
    synchronized (signal) {
      signal.notify();
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  private void run() {
    List<ReadableSpan> batch = encodedQueue != null ? null : new ArrayList<>(batchSize);
    long nextExport = System.nanoTime() + delayNanos;
    while (!shutdown.get()) {
      try {
        synchronized (signal) {
          // checked under the monitor the producers notify with, so no wake-up is lost
          long wait = nextExport - System.nanoTime();
          if (pending.get() < batchSize && !drainWanted() && wait > 0 && flushRequest == null && !shutdown.get()) {
            TimeUnit.NANOSECONDS.timedWait(signal, wait);
          }
        }
        CompletableResultCode flush = flushRequest;
        boolean due = System.nanoTime() >= nextExport || flush != null;
        if (due || pending.get() >= batchSize || drainWanted()) {
          drainAndExport(batch, due);
          nextExport = System.nanoTime() + delayNanos;
          if (flush != null) {
            flushRequest = null;
            flush.succeed();
          }
        }
      } catch (InterruptedException e) {
        break;
      } catch (Throwable t) {
        log.warn("Span export loop error (export continues): {}", t.toString());
      }
    }
    drainAndExport(batch, true);
  }

  /**
   * Exports full batches while a full batch is waiting and, when {@code partial} (the delay is up,
   * a flush, shutdown), also the spans that were waiting when it began. It never drains "until
   * empty": under steady load that exported, after each full batch, only the few spans that had
   * ended while it was being sent, then the few that ended during that, and so on: one small
   * request after another, each paying the HTTP round trip (27 spans per request at 3,400 req/s
   * in the benchmark).
   */
  private void drainAndExport(List<ReadableSpan> batch, boolean partial) {
    int waitingAtStart = partial ? pending.get() : 0;
    while (pending.get() >= batchSize || waitingAtStart > 0 || drainWanted()) {
      int drained;
      if (encodedQueue != null) {
        drained = encodedQueue.take(batchSize);
        try {
          if (drained > 0) {
            export(drained, null);
          }
        } finally {
          encodedQueue.release();
        }
      } else {
        batch.clear();
        drained = queue.drainTo(batch, batchSize);
        if (drained > 0) {
          export(drained, batch);
        }
        batch.clear(); // not kept alive until the next export
      }
      pending.addAndGet(-drained);
      waitingAtStart -= drained;
      if (drained == 0) {
        return;
      }
    }
  }

  private boolean drainWanted() {
    return encodedQueue != null && encodedQueue.drainWanted();
  }

  /** Exports {@code count} spans: the taken batch of the encoded queue, or {@code spans}. */
  private void export(int count, List<ReadableSpan> spans) {
    CompletableResultCode result;
    try {
      if (encodedQueue != null) {
        result = ((EncodedSpanExporter) exporter).exportEncoded(encodedQueue);
      } else {
        List<SpanData> data = new ArrayList<>(count);
        for (ReadableSpan span : spans) {
          data.add(span.toSpanData());
        }
        result = exporter.export(Collections.unmodifiableList(data));
      }
      // the encoded batch's bytes are released when this returns: wait for the answer either way
      result.join(exportTimeoutMillis, TimeUnit.MILLISECONDS);
    } catch (Throwable t) {
      result = CompletableResultCode.ofExceptionalFailure(t);
    }
    if (result.isSuccess()) {
      int skipped = exporter instanceof PartialExport ? ((PartialExport) exporter).skippedInLastExport() : 0;
      exported.inc(count - skipped);
      droppedUnreadable.inc(skipped);
      if (health.success()) {
        log.info("Span export to {} works again.", health.endpoint());
      }
      return;
    }
    droppedExportFailed.inc(count);
    Throwable cause = result.getFailureThrowable();
    String error =
        cause != null ? cause.toString() : result.isDone() ? "export failed" : "export timed out";
    if (health.failure(error)) {
      log.warn(
          "Span export to {} failed ({}); spans are dropped and counted in"
              + " lantern_agent_spans_dropped_total until it works again. The application is not affected.",
          health.endpoint(),
          error);
    }
  }

  public int queued() {
    return encodedQueue != null ? encodedQueue.count() : queue.size();
  }

  public long exportedCount() {
    return (long) exported.get();
  }

  public long droppedCount() {
    return (long) (droppedQueueFull.get() + droppedExportFailed.get() + droppedUnreadable.get());
  }

  @Override
  public CompletableResultCode forceFlush() {
    CompletableResultCode flush = new CompletableResultCode();
    flushRequest = flush;
    wake();
    return flush;
  }

  @Override
  public CompletableResultCode shutdown() {
    if (!shutdown.compareAndSet(false, true)) {
      return CompletableResultCode.ofSuccess();
    }
    wake();
    try {
      worker.join(exportTimeoutMillis + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return exporter.shutdown();
  }

  /** The current queue length, read at scrape time. */
  private static final class QueueGauge extends Collector {
    private final ExportQueueProcessor processor;

    QueueGauge(ExportQueueProcessor processor) {
      this.processor = processor;
    }

    @Override
    public List<MetricFamilySamples> collect() {
      return Collections.singletonList(
          new GaugeMetricFamily(
              "lantern_agent_export_queue_spans", "Spans waiting for export.", processor.queued()));
    }
  }
}
