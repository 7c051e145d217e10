package dev.lantern.agent.api.log;

import dev.lantern.agent.api.correlation.CorrelationId;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * The values that logging instrumentations add to each log event's MDC while a span is current:
 * {@value #TRACE_ID}, {@value #SPAN_ID} and, when the request has one, {@value #CORRELATION_ID}.
 * They are read from the OpenTelemetry context when the event is created, so they are right on
 * whatever thread the application logs from, and absent once the request's scope has closed.
 */
public final class LogCorrelation {

  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  public static final String TRACE_FLAGS = "trace_flags";
  public static final String CORRELATION_ID = "correlation_id";

  private LogCorrelation() {}

  /** Whether the current context has anything to add. */
  public static boolean active() {
    Context context = Context.current();
    return Span.fromContext(context).getSpanContext().isValid()
        || CorrelationId.fromContext(context) != null;
  }

  /**
   * The MDC map with the correlation entries added (a copy), or the same map when there is
   * nothing to add or the application already set them itself.
   */
  public static Map<String, String> addTo(Map<String, String> mdc) {
    Context context = Context.current();
    SpanContext spanContext = Span.fromContext(context).getSpanContext();
    String correlationId = CorrelationId.fromContext(context);
    if (!spanContext.isValid() && correlationId == null) {
      return mdc;
    }
    if (mdc != null && (mdc.containsKey(TRACE_ID) || mdc.containsKey(CORRELATION_ID))) {
      return mdc;
    }
    Map<String, String> copy = mdc == null ? new HashMap<>(8) : new HashMap<>(mdc);
    putInto(copy, spanContext, correlationId);
    return copy;
  }

  /** Adds the entries of the current context to a mutable map. */
  public static void putCurrent(Map<String, String> target) {
    Context context = Context.current();
    putInto(target, Span.fromContext(context).getSpanContext(), CorrelationId.fromContext(context));
  }

  private static void putInto(
      Map<String, String> target, SpanContext spanContext, String correlationId) {
    if (spanContext.isValid()) {
      target.put(TRACE_ID, spanContext.getTraceId());
      target.put(SPAN_ID, spanContext.getSpanId());
      target.put(TRACE_FLAGS, spanContext.getTraceFlags().asHex());
    }
    if (correlationId != null) {
      target.put(CORRELATION_ID, correlationId);
    }
  }

  /** One entry of the current context, or null: for {@code MDC.get(key)} style lookups. */
  public static String get(String key) {
    if (key == null) {
      return null;
    }
    Context context = Context.current();
    switch (key) {
      case TRACE_ID:
      case SPAN_ID:
      case TRACE_FLAGS:
        SpanContext spanContext = Span.fromContext(context).getSpanContext();
        if (!spanContext.isValid()) {
          return null;
        }
        if (TRACE_ID.equals(key)) {
          return spanContext.getTraceId();
        }
        return SPAN_ID.equals(key) ? spanContext.getSpanId() : spanContext.getTraceFlags().asHex();
      case CORRELATION_ID:
        return CorrelationId.fromContext(context);
      default:
        return null;
    }
  }
}
