package dev.lantern.testing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Immutable, protobuf-free view of one span decoded from an OTLP export request. Ids are lower-case
 * hex; attribute values are String, Long, Double, Boolean or List&lt;Object&gt; (see {@link
 * #attributes()}).
 */
public final class ReceivedSpan {
  private static final int MAX_ATTRIBUTES_IN_TO_STRING = 12;
  private static final int MAX_VALUE_CHARS_IN_TO_STRING = 80;

  /** A span event. */
  public record Event(String name, long timeEpochNanos, Map<String, Object> attributes) {}

  /** A link to another span context. */
  public record Link(String traceId, String spanId, Map<String, Object> attributes) {}

  private final String traceId;
  private final String spanId;
  private final String parentSpanId;
  private final String traceState;
  private final String name;
  private final String kind;
  private final long startEpochNanos;
  private final long endEpochNanos;
  private final String statusCode;
  private final String statusMessage;
  private final Map<String, Object> attributes;
  private final List<Event> events;
  private final List<Link> links;
  private final Map<String, Object> resource;
  private final String scopeName;
  private final String scopeVersion;

  private ReceivedSpan(Span span, Resource resource, InstrumentationScope scope) {
    this.traceId = OtlpValues.hex(span.getTraceId());
    this.spanId = OtlpValues.hex(span.getSpanId());
    this.parentSpanId = OtlpValues.hex(span.getParentSpanId());
    this.traceState = span.getTraceState();
    this.name = span.getName();
    this.kind = OtlpValues.stripPrefix(span.getKind().name(), "SPAN_KIND_");
    this.startEpochNanos = span.getStartTimeUnixNano();
    this.endEpochNanos = span.getEndTimeUnixNano();
    this.statusCode = OtlpValues.stripPrefix(span.getStatus().getCode().name(), "STATUS_CODE_");
    this.statusMessage = span.getStatus().getMessage();
    this.attributes = OtlpValues.toMap(span.getAttributesList());
    List<Event> decodedEvents = new ArrayList<>();
    for (Span.Event e : span.getEventsList()) {
      decodedEvents.add(
          new Event(e.getName(), e.getTimeUnixNano(), OtlpValues.toMap(e.getAttributesList())));
    }
    this.events = List.copyOf(decodedEvents);
    List<Link> decodedLinks = new ArrayList<>();
    for (Span.Link l : span.getLinksList()) {
      decodedLinks.add(
          new Link(
              OtlpValues.hex(l.getTraceId()),
              OtlpValues.hex(l.getSpanId()),
              OtlpValues.toMap(l.getAttributesList())));
    }
    this.links = List.copyOf(decodedLinks);
    this.resource = OtlpValues.toMap(resource.getAttributesList());
    this.scopeName = scope.getName();
    this.scopeVersion = scope.getVersion();
  }

  /** Decodes one protobuf span together with the resource and scope it was exported under. */
  public static ReceivedSpan from(Span span, Resource resource, InstrumentationScope scope) {
    return new ReceivedSpan(span, resource, scope);
  }

  /** All spans of an export request, in request order. */
  public static List<ReceivedSpan> fromRequest(ExportTraceServiceRequest request) {
    List<ReceivedSpan> spans = new ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          spans.add(from(span, rs.getResource(), ss.getScope()));
        }
      }
    }
    return spans;
  }

  public String traceId() {
    return traceId;
  }

  public String spanId() {
    return spanId;
  }

  /** Lower-case hex, or "" for a root span. */
  public String parentSpanId() {
    return parentSpanId;
  }

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  public String traceState() {
    return traceState;
  }

  public String name() {
    return name;
  }

  /** "SERVER", "CLIENT", "PRODUCER", "CONSUMER", "INTERNAL" (or "UNSPECIFIED"). */
  public String kind() {
    return kind;
  }

  public long startEpochNanos() {
    return startEpochNanos;
  }

  public long endEpochNanos() {
    return endEpochNanos;
  }

  public long durationNanos() {
    return endEpochNanos - startEpochNanos;
  }

  /** "UNSET", "OK" or "ERROR". */
  public String statusCode() {
    return statusCode;
  }

  public String statusMessage() {
    return statusMessage;
  }

  /**
   * Span attributes in wire order. Values are String, Long, Double, Boolean, List&lt;Object&gt; for
   * arrays, Map&lt;String,Object&gt; for key-value lists, hex String for bytes.
   */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** The attribute's string form ({@code String.valueOf}), or null when absent. */
  public String attr(String key) {
    Object value = attributes.get(key);
    return value == null ? null : String.valueOf(value);
  }

  /**
   * The attribute as a Long, or null when absent.
   *
   * @throws AssertionError when present with another type: a wrongly typed attribute is a bug the
   *     test should report, not hide.
   */
  public Long longAttr(String key) {
    Object value = attributes.get(key);
    if (value == null || value instanceof Long) {
      return (Long) value;
    }
    throw new AssertionError(
        "attribute "
            + key
            + " is a "
            + value.getClass().getSimpleName()
            + " ("
            + value
            + "), not a long, on span "
            + this);
  }

  public List<Event> events() {
    return events;
  }

  public List<Link> links() {
    return links;
  }

  /** Resource attributes, e.g. {@code service.name}. */
  public Map<String, Object> resource() {
    return resource;
  }

  /** Instrumentation scope (tracer) name. */
  public String scopeName() {
    return scopeName;
  }

  public String scopeVersion() {
    return scopeVersion;
  }

  /** Compact one-line form for failure messages: name, kind, ids, status, attributes. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    out.append('\'').append(name).append("' ").append(kind);
    out.append(" trace=").append(traceId).append(" span=").append(spanId);
    out.append(" parent=").append(parentSpanId.isEmpty() ? "-" : parentSpanId);
    if (!"UNSET".equals(statusCode)) {
      out.append(" status=").append(statusCode);
      if (!statusMessage.isEmpty()) {
        out.append('(').append(statusMessage).append(')');
      }
    }
    StringJoiner attrs = new StringJoiner(", ", " {", "}");
    attributes.entrySet().stream()
        .limit(MAX_ATTRIBUTES_IN_TO_STRING)
        .forEach(e -> attrs.add(e.getKey() + "=" + abbreviate(String.valueOf(e.getValue()))));
    if (attributes.size() > MAX_ATTRIBUTES_IN_TO_STRING) {
      attrs.add("+" + (attributes.size() - MAX_ATTRIBUTES_IN_TO_STRING) + " more");
    }
    out.append(attrs);
    if (!events.isEmpty()) {
      StringJoiner names = new StringJoiner(",", " events[", "]");
      events.forEach(e -> names.add(e.name()));
      out.append(names);
    }
    if (!links.isEmpty()) {
      out.append(" links=").append(links.size());
    }
    out.append(" scope=").append(scopeName);
    return out.toString();
  }

  private static String abbreviate(String value) {
    return value.length() <= MAX_VALUE_CHARS_IN_TO_STRING
        ? value
        : value.substring(0, MAX_VALUE_CHARS_IN_TO_STRING) + "…";
  }
}
