package dev.lantern.agent.traceview;

import dev.lantern.agent.trace.EncodedSpan;
import dev.lantern.agent.trace.SpanEncoder;
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
import java.util.function.Consumer;

/**
 * The recent traces of this JVM for the built-in trace view: ended, sampled spans grouped by
 * trace id, in bounded memory. At most {@code maxTraces} traces and {@code maxSpans} spans in all
 * are kept; the oldest traces go first.
 *
 * <p>Spans are kept encoded ({@link EncodedSpan}, one byte array each) and decoded only when a
 * page is asked for: keeping the SDK's span objects for the last 200 traces made every young
 * collection copy thousands of small objects. With OTLP protobuf export the export queue encodes
 * each span and hands it here ({@link #accept}); otherwise this store, as a span processor,
 * encodes the spans itself.
 */
public final class TraceStore implements SpanProcessor, Consumer<EncodedSpan> {

  private final SpanEncoder encoder = new SpanEncoder();
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
    EncodedSpan encoded = encoder.encode(span);
    if (encoded != null) {
      accept(encoded);
    }
  }

  /** Keeps an ended, sampled span. */
  @Override
  public void accept(EncodedSpan span) {
    String traceId = span.traceId();
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
    private final List<EncodedSpan> spans = new ArrayList<>(4);

    StoredTrace(String traceId) {
      this.traceId = traceId;
    }

    synchronized boolean add(EncodedSpan span, int maxSpans) {
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

    public synchronized List<EncodedSpan> spans() {
      return new ArrayList<>(spans);
    }
  }
}
