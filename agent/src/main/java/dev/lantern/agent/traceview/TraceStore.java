package dev.lantern.agent.traceview;

import dev.lantern.agent.api.log.AgentLoggers;
import dev.lantern.agent.api.metrics.AgentMetrics;
import dev.lantern.agent.trace.EncodedSpan;
import dev.lantern.agent.trace.SpanEncoder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
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
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The recent traces of this JVM for the built-in trace view: ended, sampled spans grouped by
 * trace id, in bounded memory. At most {@code maxTraces} traces and {@code maxSpans} spans in all
 * are kept; the oldest traces go first.
 *
 * <p>Which traces: at most {@code tracesPerSecond} new ones a second, decided when the trace's
 * first span in this JVM starts (a span with no parent, or a remote one), so that a kept trace is
 * whole; and, on top of those, up to as many a second whose spans end with an error, with the
 * spans of theirs that ended just before ({@link RecentSpans}). Under load the view then covers
 * the last minutes rather than the last fraction of a second, and the garbage collector does not
 * copy thousands of kept spans at each young collection.
 *
 * <p>Spans are kept encoded, their bytes copied into a {@link SpanArena} of {@code maxBytes}, and
 * decoded only when a page is asked for; a trace whose first span has been overwritten there is
 * dropped like an evicted one. With OTLP protobuf export the export queue encodes each span and
 * hands it here ({@link #accept}); otherwise this store, as a span processor, encodes the spans
 * itself.
 */
public final class TraceStore implements SpanProcessor, Consumer<EncodedSpan> {

  private static final Logger log = AgentLoggers.get(TraceStore.class);

  private final SpanEncoder encoder;
  private volatile boolean failureLogged;
  private final int maxTraces;
  private final int maxSpans;
  private final int tracesPerSecond;
  private final TraceAdmission admission;
  private final TraceAdmission errorAdmission;
  private final RecentSpans recent = new RecentSpans();
  private final SpanArena arena;
  private final Map<String, StoredTrace> traces = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<StoredTrace> order = new ConcurrentLinkedQueue<>();
  private final AtomicInteger spans = new AtomicInteger();
  // kept here: ConcurrentHashMap.size() sums its counter cells, on every span end
  private final AtomicInteger traceCount = new AtomicInteger();

  /** A store that keeps every trace and encodes the spans itself (tests). */
  public TraceStore(int maxTraces, int maxSpans) {
    this(maxTraces, maxSpans, 1 << 20, Integer.MAX_VALUE, true, null);
  }

  /**
   * @param maxBytes memory for the kept spans' bytes, allocated as they are kept
   * @param encodesItself whether this store encodes the spans it is handed as a span processor;
   *     false when the export queue hands it encoded spans ({@link #accept})
   */
  public TraceStore(int maxTraces, int maxSpans, long maxBytes, int tracesPerSecond, boolean encodesItself) {
    this(maxTraces, maxSpans, maxBytes, tracesPerSecond, encodesItself, null);
  }

  /** Tests: with a clock for the admission rate. */
  TraceStore(int maxTraces, int maxSpans, long maxBytes, int tracesPerSecond, boolean encodesItself, LongSupplier clock) {
    this.arena = new SpanArena(maxBytes);
    this.maxTraces = maxTraces;
    this.maxSpans = maxSpans;
    this.tracesPerSecond = tracesPerSecond;
    this.admission = new TraceAdmission(tracesPerSecond, clock);
    this.errorAdmission = new TraceAdmission(tracesPerSecond, clock);
    this.encoder = encodesItself ? new SpanEncoder() : null;
  }

  /** Decides, at the first span of a trace in this JVM, whether the trace is kept. */
  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    try {
      SpanContext parent = span.getParentSpanContext();
      if ((parent.isValid() && !parent.isRemote()) || !span.getSpanContext().isSampled()) {
        return;
      }
      String traceId = span.getSpanContext().getTraceId();
      // a root span starts a trace nobody has kept yet: no lookup (a remote parent's may be kept)
      if ((!parent.isValid() || !traces.containsKey(traceId)) && admission.tryAdmit()) {
        keep(traceId);
      }
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (encoder == null || !span.getSpanContext().isSampled()) {
      return;
    }
    encoder.encode(span, this); // a span whose data cannot be read is not kept
  }

  @Override
  public boolean isEndRequired() {
    return encoder != null;
  }

  /**
   * An ended, sampled span: kept when its trace is, or when it is an error. Runs on the thread
   * that ended the span, so a failure here is contained: logged once, and the span is not kept.
   * The span's bytes are valid during this call only: what is kept is copied.
   */
  @Override
  public void accept(EncodedSpan span) {
    try {
      keepIfAdmitted(span);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void failed(RuntimeException e) {
    AgentMetrics.counter(
            "lantern_agent_traceview_errors_total",
            "Spans the trace view could not keep because of an error inside the agent.")
        .inc();
    if (!failureLogged) {
      failureLogged = true;
      log.warn(
          "The trace view could not keep a span ({}); it goes on without it. Counted in"
              + " lantern_agent_traceview_errors_total (logged once).",
          e.toString());
    }
  }

  private void keepIfAdmitted(EncodedSpan span) {
    StoredTrace trace = traces.get(span.traceId());
    if (trace == null) {
      if (!span.error() || !errorAdmission.tryAdmit()) {
        recent.remember(span);
        return;
      }
      trace = keep(span.traceId());
      for (EncodedSpan earlier : recent.takeTrace(span.traceId())) {
        add(trace, earlier);
      }
    }
    add(trace, span);
  }

  private StoredTrace keep(String traceId) {
    StoredTrace created = new StoredTrace(traceId, arena);
    StoredTrace trace = traces.putIfAbsent(traceId, created);
    if (trace == null) {
      trace = created;
      traceCount.incrementAndGet();
      order.add(created);
      evict();
    }
    return trace;
  }

  private void add(StoredTrace trace, EncodedSpan span) {
    if (trace.add(span, maxSpans)) {
      spans.incrementAndGet();
    }
    evict();
  }

  /** A span larger than a chunk of the arena: counted, not kept (the export still has it). */
  private static void tooLarge() {
    AgentMetrics.counter(
            "lantern_agent_traceview_spans_too_large_total",
            "Spans the trace view did not keep because their encoded size exceeds a chunk of its memory"
                + " (lantern.traceview.max-bytes / 8, at most 256 KB).")
        .inc();
  }

  /** How many new traces a second the view keeps (and as many more with errors). */
  public int tracesPerSecond() {
    return tracesPerSecond;
  }

  private void evict() {
    // runs for kept spans only (tens a second), so the oldest trace is simply asked each time
    while (traceCount.get() > maxTraces
        || spans.get() > maxSpans
        || (order.peek() != null && order.peek().overwritten())) {
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

  /** The kept traces that have ended spans, newest first. */
  public List<StoredTrace> traces() {
    List<StoredTrace> list = new ArrayList<>(traces.size());
    for (StoredTrace trace : traces.values()) {
      if (trace.size() > 0 && !trace.overwritten()) {
        list.add(trace);
      }
    }
    list.sort((a, b) -> Long.compare(b.firstSeenMillis, a.firstSeenMillis));
    return list;
  }

  /** The kept trace, or null when it is not kept or none of its spans has ended yet. */
  public StoredTrace trace(String traceId) {
    StoredTrace trace = traces.get(traceId);
    return trace == null || trace.size() == 0 || trace.overwritten() ? null : trace;
  }

  public int spanCount() {
    return spans.get();
  }

  /** The spans of one trace seen by this JVM: where their bytes are in the arena. */
  public static final class StoredTrace {
    final String traceId;
    final long firstSeenMillis = System.currentTimeMillis();
    private final SpanArena arena;
    private final List<KeptSpan> spans = new ArrayList<>(4);

    StoredTrace(String traceId, SpanArena arena) {
      this.traceId = traceId;
      this.arena = arena;
    }

    synchronized boolean add(EncodedSpan span, int maxSpans) {
      if (spans.size() >= maxSpans) {
        return false;
      }
      long position = arena.append(span.bytes(), span.offset(), span.length());
      if (position < 0) {
        tooLarge();
        return false;
      }
      spans.add(new KeptSpan(span, position, span.length()));
      return true;
    }

    synchronized int size() {
      return spans.size();
    }

    /**
     * Whether the trace's first kept span has been overwritten in the arena: the trace is then
     * dropped, so that a listed trace is always whole (its later spans are in newer chunks).
     */
    synchronized boolean overwritten() {
      return !spans.isEmpty() && !arena.intact(spans.get(0).position);
    }

    public String traceId() {
      return traceId;
    }

    /** The spans still in the arena, each over a copy of its bytes. */
    public synchronized List<EncodedSpan> spans() {
      List<EncodedSpan> read = new ArrayList<>(spans.size());
      for (KeptSpan span : spans) {
        byte[] bytes = arena.read(span.position, span.length);
        if (bytes != null) {
          read.add(new EncodedSpan(bytes, span.resource, span.scope, traceId, span.error));
        }
      }
      return read;
    }
  }

  /** A kept span: its place in the arena and what the page needs besides its bytes. */
  private static final class KeptSpan {
    final long position;
    final int length;
    final Resource resource;
    final InstrumentationScopeInfo scope;
    final boolean error;

    KeptSpan(EncodedSpan span, long position, int length) {
      this.position = position;
      this.length = length;
      this.resource = span.resource();
      this.scope = span.scope();
      this.error = span.error();
    }
  }
}
