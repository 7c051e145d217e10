package dev.lantern.agent.traceview;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recent traces of this JVM for the built-in trace view: ended, sampled spans grouped by
 * trace id, in bounded memory. At most {@code maxTraces} traces and {@code maxSpans} spans in all
 * are kept; the oldest traces go first. The spans are the SDK's own immutable ended spans, so
 * keeping them costs no conversion on the application's threads.
 */
public final class TraceStore implements SpanProcessor {

  private final int maxTraces;
  private final int maxSpans;
  private final Map<String, StoredTrace> traces = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<StoredTrace> order = new ConcurrentLinkedQueue<>();
  private final AtomicInteger spans = new AtomicInteger();
  // kept here: ConcurrentHashMap.size() sums its counter cells, on every span end
  private final AtomicInteger traceCount = new AtomicInteger();

  public TraceStore(int maxTraces, int maxSpans) {
    this.maxTraces = maxTraces;
    this.maxSpans = maxSpans;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (!span.getSpanContext().isSampled()) {
      return;
    }
    String traceId = span.getSpanContext().getTraceId();
    StoredTrace trace = traces.get(traceId);
    if (trace == null) {
      StoredTrace created = new StoredTrace(traceId);
      trace = traces.putIfAbsent(traceId, created);
      if (trace == null) {
        trace = created;
        traceCount.incrementAndGet();
        order.add(created);
      }
    }
    if (trace.add(span, maxSpans)) {
      spans.incrementAndGet();
    }
    evict();
  }

  private void evict() {
    while (traceCount.get() > maxTraces || spans.get() > maxSpans) {
      StoredTrace oldest = order.poll();
      if (oldest == null) {
        return;
      }
      if (traces.remove(oldest.traceId, oldest)) {
        traceCount.decrementAndGet();
        spans.addAndGet(-oldest.size());
      }
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** The kept traces, newest first. */
  public List<StoredTrace> traces() {
    List<StoredTrace> list = new ArrayList<>(traces.values());
    list.sort((a, b) -> Long.compare(b.firstSeenMillis, a.firstSeenMillis));
    return list;
  }

  public StoredTrace trace(String traceId) {
    return traces.get(traceId);
  }

  public int spanCount() {
    return spans.get();
  }

  /** The spans of one trace seen by this JVM. */
  public static final class StoredTrace {
    final String traceId;
    final long firstSeenMillis = System.currentTimeMillis();
    private final List<ReadableSpan> spans = new ArrayList<>(4);

    StoredTrace(String traceId) {
      this.traceId = traceId;
    }

    synchronized boolean add(ReadableSpan span, int maxSpans) {
      if (spans.size() >= maxSpans) {
        return false;
      }
      spans.add(span);
      return true;
    }

    synchronized int size() {
      return spans.size();
    }

    public String traceId() {
      return traceId;
    }

    public synchronized List<ReadableSpan> spans() {
      return new ArrayList<>(spans);
    }
  }
}
