package dev.lantern.agent.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.internal.InternalAttributeKeyImpl;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.internal.W3CTraceContextEncoding;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.internal.Entity;
import io.opentelemetry.sdk.resources.internal.EntityUtil;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.BiConsumer;

/**
 * Writes an OTLP {@code ExportTraceServiceRequest} in protobuf straight from {@link SpanData}
 * into one reusable buffer: the same fields and values as the SDK's {@code
 * TraceRequestMarshaler}, without its marshaler object per span, attribute, event and link.
 *
 * <p>Spans are grouped by resource, then by instrumentation scope, in the order they first appear.
 * A batch holds one resource and a few scopes, so a scan of a short list does the grouping, not
 * the SDK's maps.
 *
 * <p>Not thread-safe: one writer per export thread. Odd data never fails a batch: an attribute
 * that cannot be written is left out, and so is a span whose data throws.
 */
public final class OtlpProtoWriter {

  private static final int INITIAL_CAPACITY = 64 * 1024;
  /** A buffer that a large batch made larger than this is dropped by {@link #trim()}. */
  private static final int MAX_RETAINED_CAPACITY = 4 * 1024 * 1024;
  /** Deeper {@link Value}s are written as empty values rather than risk the stack. */
  private static final int MAX_VALUE_DEPTH = 32;

  // Guessed length-prefix sizes: spans are mostly 128 B to 16 KiB, groups up to 2 MiB.
  private static final int GROUP_RESERVE = 3;
  private static final int SPAN_RESERVE = 2;
  private static final int SMALL_RESERVE = 1;

  // Field numbers, from opentelemetry-proto's trace.proto, common.proto and resource.proto.
  private static final int REQUEST_RESOURCE_SPANS = 1;
  private static final int RESOURCE_SPANS_RESOURCE = 1;
  private static final int RESOURCE_SPANS_SCOPE_SPANS = 2;
  private static final int RESOURCE_SPANS_SCHEMA_URL = 3;
  private static final int RESOURCE_ATTRIBUTES = 1;
  private static final int RESOURCE_ENTITY_REFS = 3;
  private static final int ENTITY_REF_SCHEMA_URL = 1;
  private static final int ENTITY_REF_TYPE = 2;
  private static final int ENTITY_REF_ID_KEYS = 3;
  private static final int ENTITY_REF_DESCRIPTION_KEYS = 4;
  private static final int SCOPE_SPANS_SCOPE = 1;
  private static final int SCOPE_SPANS_SPANS = 2;
  private static final int SCOPE_SPANS_SCHEMA_URL = 3;
  private static final int SCOPE_NAME = 1;
  private static final int SCOPE_VERSION = 2;
  private static final int SCOPE_ATTRIBUTES = 3;
  private static final int SPAN_TRACE_ID = 1;
  private static final int SPAN_SPAN_ID = 2;
  private static final int SPAN_TRACE_STATE = 3;
  private static final int SPAN_PARENT_SPAN_ID = 4;
  private static final int SPAN_NAME = 5;
  private static final int SPAN_KIND = 6;
  private static final int SPAN_START_TIME = 7;
  private static final int SPAN_END_TIME = 8;
  private static final int SPAN_ATTRIBUTES = 9;
  private static final int SPAN_DROPPED_ATTRIBUTES = 10;
  private static final int SPAN_EVENTS = 11;
  private static final int SPAN_DROPPED_EVENTS = 12;
  private static final int SPAN_LINKS = 13;
  private static final int SPAN_DROPPED_LINKS = 14;
  private static final int SPAN_STATUS = 15;
  private static final int SPAN_FLAGS = 16;
  private static final int EVENT_TIME = 1;
  private static final int EVENT_NAME = 2;
  private static final int EVENT_ATTRIBUTES = 3;
  private static final int EVENT_DROPPED_ATTRIBUTES = 4;
  private static final int LINK_TRACE_ID = 1;
  private static final int LINK_SPAN_ID = 2;
  private static final int LINK_TRACE_STATE = 3;
  private static final int LINK_ATTRIBUTES = 4;
  private static final int LINK_DROPPED_ATTRIBUTES = 5;
  private static final int LINK_FLAGS = 6;
  private static final int STATUS_MESSAGE = 2;
  private static final int STATUS_CODE = 3;
  private static final int KEY_VALUE_KEY = 1;
  private static final int KEY_VALUE_VALUE = 2;
  private static final int ANY_STRING = 1;
  private static final int ANY_BOOL = 2;
  private static final int ANY_INT = 3;
  private static final int ANY_DOUBLE = 4;
  private static final int ANY_ARRAY = 5;
  private static final int ANY_KVLIST = 6;
  private static final int ANY_BYTES = 7;
  private static final int ARRAY_VALUES = 1;
  private static final int KVLIST_VALUES = 1;

  // Span flags as the SDK's SpanFlags writes them: W3C trace flags in the low byte, then
  // "whether the parent (or linked) context is remote is known" and "it is remote".
  private static final int FLAGS_HAS_IS_REMOTE = 0x100;
  private static final int FLAGS_IS_REMOTE = 0x200;

  private static final int TRACE_ID_BYTES = 16;
  private static final int SPAN_ID_BYTES = 8;

  private final int initialCapacity;
  private final int maxRetainedCapacity;
  private final ProtoBuffer out;
  private final AttributeWriter attributeWriter = new AttributeWriter();

  // Grouping state, reused across batches and cleared after each so no span is kept alive. The
  // batch is SpanData, or spans encoded when they ended whose bytes are copied in as they are.
  private final List<SpanData> batch = new ArrayList<>();
  private EncodedBatch encodedBatch;
  private final List<Resource> resources = new ArrayList<>();
  private final List<InstrumentationScopeInfo> groupScopes = new ArrayList<>();
  private int[] groupResource = new int[8];
  private int[] spanGroup = new int[0];

  // The last resource's encoded content: in practice the one resource of the process.
  private Resource cachedResource;
  private byte[] cachedResourceContent;

  private int skippedSpans;

  /** A writer for export requests. */
  public OtlpProtoWriter() {
    this(INITIAL_CAPACITY, MAX_RETAINED_CAPACITY);
  }

  /** A writer whose buffer starts at, and is trimmed back to, the given sizes (single spans). */
  OtlpProtoWriter(int initialCapacity, int maxRetainedCapacity) {
    this.initialCapacity = initialCapacity;
    this.maxRetainedCapacity = maxRetainedCapacity;
    this.out = new ProtoBuffer(initialCapacity);
  }

  /**
   * One span as a whole {@code ScopeSpans.spans} field (tag, length, Span message), the bytes
   * {@link #encode} writes for it. Throws what reading the span's data throws.
   */
  byte[] encodeSpan(SpanData span) {
    encodeSpanInPlace(span);
    return out.toByteArray();
  }

  /** As {@link #encodeSpan}, the bytes left in this writer's buffer: {@link #array()}, {@link #size()}. */
  void encodeSpanInPlace(SpanData span) {
    out.trim(maxRetainedCapacity, initialCapacity);
    out.reset();
    writeSpan(span);
  }

  /**
   * Encodes the spans as one request into this writer's buffer, replacing what it held. Returns
   * the request's size in bytes.
   */
  public int encode(Collection<? extends SpanData> spans) {
    batch.addAll(spans);
    return encodeRequest(batch.size());
  }

  /** As {@link #encode}, for spans encoded when they ended: their bytes are copied in. */
  public int encodeEncoded(EncodedBatch spans) {
    encodedBatch = spans;
    return encodeRequest(spans.size());
  }

  private int encodeRequest(int spanCount) {
    out.trim(maxRetainedCapacity, initialCapacity);
    out.reset();
    skippedSpans = 0;
    try {
      group(spanCount);
      for (int r = 0; r < resources.size(); r++) {
        writeResourceSpans(r);
      }
    } finally {
      batch.clear();
      encodedBatch = null;
      resources.clear();
      groupScopes.clear();
    }
    return out.position();
  }

  /** The size of the last request. */
  public int size() {
    return out.position();
  }

  /** The buffer holding the last request in its first {@link #size()} bytes. */
  public byte[] array() {
    return out.array();
  }

  public void writeTo(OutputStream stream) throws IOException {
    out.writeTo(stream);
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  /**
   * Once the request is sent: drops the buffer if an unusually large batch grew it past a few MiB,
   * so it is not kept for the life of the process. The request is gone then.
   */
  public void trim() {
    out.trim(maxRetainedCapacity, initialCapacity);
  }

  /** Spans of the last batch left out because reading their data threw. */
  public int skippedSpans() {
    return skippedSpans;
  }

  int capacity() {
    return out.capacity();
  }

  // ---- grouping

  private void group(int spanCount) {
    if (spanGroup.length < spanCount) {
      spanGroup = new int[Math.max(spanCount, 2 * spanGroup.length)];
    }
    Resource lastResource = null;
    InstrumentationScopeInfo lastScope = null;
    int lastGroup = -1;
    for (int index = 0; index < spanCount; index++) {
      int g;
      try {
        Resource resource;
        InstrumentationScopeInfo scope;
        if (encodedBatch != null) {
          resource = encodedBatch.resource(index);
          scope = encodedBatch.scope(index);
        } else {
          resource = batch.get(index).getResource();
          scope = batch.get(index).getInstrumentationScopeInfo();
        }
        if (lastGroup >= 0 && resource == lastResource && scope == lastScope) {
          g = lastGroup;
        } else {
          g = groupOf(resource, scope);
          lastResource = resource;
          lastScope = scope;
          lastGroup = g;
        }
      } catch (RuntimeException e) {
        g = -1;
        skippedSpans++;
      }
      spanGroup[index] = g;
    }
  }

  /**
   * Groups by identity, as the SDK's marshaler does (an IdentityHashMap): the SDK hands every span
   * of a tracer the same Resource and scope objects.
   */
  private int groupOf(Resource resource, InstrumentationScopeInfo scope) {
    int r = 0;
    while (r < resources.size() && resources.get(r) != resource) {
      r++;
    }
    if (r == resources.size()) {
      resources.add(resource);
    }
    for (int g = 0; g < groupScopes.size(); g++) {
      if (groupResource[g] == r && groupScopes.get(g) == scope) {
        return g;
      }
    }
    int g = groupScopes.size();
    if (g == groupResource.length) {
      groupResource = Arrays.copyOf(groupResource, 2 * g);
    }
    groupResource[g] = r;
    groupScopes.add(scope);
    return g;
  }

  // ---- resource and scope

  private void writeResourceSpans(int r) {
    Resource resource = resources.get(r);
    int resourceSpans = out.begin(REQUEST_RESOURCE_SPANS, GROUP_RESERVE);
    int message = out.begin(RESOURCE_SPANS_RESOURCE, SMALL_RESERVE);
    writeResource(resource);
    out.end(message, SMALL_RESERVE);
    for (int g = 0; g < groupScopes.size(); g++) {
      if (groupResource[g] == r) {
        writeScopeSpans(g);
      }
    }
    out.stringField(RESOURCE_SPANS_SCHEMA_URL, resource == null ? null : resource.getSchemaUrl());
    out.end(resourceSpans, GROUP_RESERVE);
  }

  private void writeResource(Resource resource) {
    if (resource == null) {
      return;
    }
    if (resource == cachedResource) {
      out.raw(cachedResourceContent);
      return;
    }
    int start = out.position();
    writeAttributes(RESOURCE_ATTRIBUTES, resource.getAttributes());
    writeEntityRefs(resource);
    cachedResource = resource;
    cachedResourceContent = Arrays.copyOfRange(out.array(), start, out.position());
  }

  /** Resource entities (still an SDK-internal API): read reflectively, so left out if that fails. */
  private void writeEntityRefs(Resource resource) {
    Collection<Entity> entities;
    try {
      entities = EntityUtil.getEntities(resource);
    } catch (RuntimeException | LinkageError e) {
      return;
    }
    for (Entity entity : entities) {
      int ref = out.begin(RESOURCE_ENTITY_REFS, SMALL_RESERVE);
      out.stringField(ENTITY_REF_SCHEMA_URL, entity.getSchemaUrl());
      out.stringField(ENTITY_REF_TYPE, entity.getType());
      for (AttributeKey<?> key : entity.getId().asMap().keySet()) {
        out.stringAlways(ENTITY_REF_ID_KEYS, key.getKey());
      }
      for (AttributeKey<?> key : entity.getDescription().asMap().keySet()) {
        out.stringAlways(ENTITY_REF_DESCRIPTION_KEYS, key.getKey());
      }
      out.end(ref, SMALL_RESERVE);
    }
  }

  private void writeScopeSpans(int g) {
    InstrumentationScopeInfo scope = groupScopes.get(g);
    int scopeSpans = out.begin(RESOURCE_SPANS_SCOPE_SPANS, GROUP_RESERVE);
    int message = out.begin(SCOPE_SPANS_SCOPE, SMALL_RESERVE);
    if (scope != null) {
      out.stringField(SCOPE_NAME, scope.getName());
      out.stringField(SCOPE_VERSION, scope.getVersion());
      writeAttributes(SCOPE_ATTRIBUTES, scope.getAttributes());
    }
    out.end(message, SMALL_RESERVE);
    int spanCount = encodedBatch != null ? encodedBatch.size() : batch.size();
    for (int i = 0; i < spanCount; i++) {
      if (spanGroup[i] == g) {
        if (encodedBatch != null) {
          out.raw(encodedBatch.array(i), encodedBatch.offset(i), encodedBatch.length(i));
          continue;
        }
        int mark = out.position();
        try {
          writeSpan(batch.get(i));
        } catch (RuntimeException e) {
          out.rewind(mark);
          skippedSpans++;
        }
      }
    }
    out.stringField(SCOPE_SPANS_SCHEMA_URL, scope == null ? null : scope.getSchemaUrl());
    out.end(scopeSpans, GROUP_RESERVE);
  }

  // ---- span

  private void writeSpan(SpanData span) {
    int message = out.begin(SCOPE_SPANS_SPANS, SPAN_RESERVE);
    SpanContext context = span.getSpanContext();
    SpanContext parent = span.getParentSpanContext();
    out.hexIdField(SPAN_TRACE_ID, context.getTraceId(), TRACE_ID_BYTES);
    out.hexIdField(SPAN_SPAN_ID, context.getSpanId(), SPAN_ID_BYTES);
    writeTraceState(SPAN_TRACE_STATE, context.getTraceState());
    if (parent != null && parent.isValid()) {
      out.hexIdField(SPAN_PARENT_SPAN_ID, parent.getSpanId(), SPAN_ID_BYTES);
    }
    out.stringField(SPAN_NAME, span.getName());
    out.uint32Field(SPAN_KIND, kind(span.getKind()));
    out.fixed64Field(SPAN_START_TIME, span.getStartEpochNanos());
    out.fixed64Field(SPAN_END_TIME, span.getEndEpochNanos());
    Attributes attributes = span.getAttributes();
    writeAttributes(SPAN_ATTRIBUTES, attributes);
    out.uint32Field(SPAN_DROPPED_ATTRIBUTES, span.getTotalAttributeCount() - size(attributes));
    List<EventData> events = span.getEvents();
    int eventCount = events == null ? 0 : events.size();
    for (int i = 0; i < eventCount; i++) {
      writeEvent(events.get(i));
    }
    out.uint32Field(SPAN_DROPPED_EVENTS, span.getTotalRecordedEvents() - eventCount);
    List<LinkData> links = span.getLinks();
    int linkCount = links == null ? 0 : links.size();
    for (int i = 0; i < linkCount; i++) {
      writeLink(links.get(i));
    }
    out.uint32Field(SPAN_DROPPED_LINKS, span.getTotalRecordedLinks() - linkCount);
    writeStatus(span.getStatus());
    out.fixed32Field(SPAN_FLAGS, flags(context, parent != null && parent.isRemote()));
    out.end(message, SPAN_RESERVE);
  }

  private void writeEvent(EventData event) {
    if (event == null) {
      return;
    }
    int message = out.begin(SPAN_EVENTS, SMALL_RESERVE);
    out.fixed64Field(EVENT_TIME, event.getEpochNanos());
    out.stringField(EVENT_NAME, event.getName());
    Attributes attributes = event.getAttributes();
    writeAttributes(EVENT_ATTRIBUTES, attributes);
    out.uint32Field(EVENT_DROPPED_ATTRIBUTES, event.getTotalAttributeCount() - size(attributes));
    out.end(message, SMALL_RESERVE);
  }

  private void writeLink(LinkData link) {
    if (link == null) {
      return;
    }
    SpanContext context = link.getSpanContext();
    int message = out.begin(SPAN_LINKS, SMALL_RESERVE);
    out.hexIdField(LINK_TRACE_ID, context.getTraceId(), TRACE_ID_BYTES);
    out.hexIdField(LINK_SPAN_ID, context.getSpanId(), SPAN_ID_BYTES);
    writeTraceState(LINK_TRACE_STATE, context.getTraceState());
    Attributes attributes = link.getAttributes();
    writeAttributes(LINK_ATTRIBUTES, attributes);
    out.uint32Field(LINK_DROPPED_ATTRIBUTES, link.getTotalAttributeCount() - size(attributes));
    out.fixed32Field(LINK_FLAGS, flags(context, context.isRemote()));
    out.end(message, SMALL_RESERVE);
  }

  /** Always written, as the SDK does, even for UNSET without a message. */
  private void writeStatus(StatusData status) {
    int message = out.begin(SPAN_STATUS, SMALL_RESERVE);
    if (status != null) {
      out.stringField(STATUS_MESSAGE, status.getDescription());
      StatusCode code = status.getStatusCode();
      out.uint32Field(STATUS_CODE, code == StatusCode.OK ? 1 : code == StatusCode.ERROR ? 2 : 0);
    }
    out.end(message, SMALL_RESERVE);
  }

  private void writeTraceState(int field, TraceState traceState) {
    if (traceState != null && !traceState.isEmpty()) {
      // rare (vendor entries); the SDK's own W3C encoding keeps the text identical
      out.stringField(field, W3CTraceContextEncoding.encodeTraceState(traceState));
    }
  }

  private static int flags(SpanContext context, boolean remote) {
    int traceFlags = context.getTraceFlags().asByte() & 0xFF;
    return traceFlags | FLAGS_HAS_IS_REMOTE | (remote ? FLAGS_IS_REMOTE : 0);
  }

  private static int kind(SpanKind kind) {
    if (kind == null) {
      return 0;
    }
    switch (kind) {
      case INTERNAL:
        return 1;
      case SERVER:
        return 2;
      case CLIENT:
        return 3;
      case PRODUCER:
        return 4;
      case CONSUMER:
        return 5;
      default:
        return 0;
    }
  }

  private static int size(Attributes attributes) {
    return attributes == null ? 0 : attributes.size();
  }

  // ---- attributes and values

  private void writeAttributes(int field, Attributes attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return;
    }
    // forEach walks the attributes' own array: no map or entry objects
    attributeWriter.field = field;
    attributes.forEach(attributeWriter);
  }

  /** Writes each attribute as a KeyValue; one instance, reused, so forEach allocates nothing. */
  private final class AttributeWriter implements BiConsumer<AttributeKey<?>, Object> {
    int field;

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      if (key == null || value == null) {
        return;
      }
      int mark = out.position();
      try {
        // the SDK's keys keep their UTF-8 bytes: copied, not encoded again
        byte[] keyUtf8 = key instanceof InternalAttributeKeyImpl ? ((InternalAttributeKeyImpl<?>) key).getKeyUtf8() : null;
        if (keyUtf8 != null && writeScalarKeyValue(field, keyUtf8, key.getType(), value)) {
          return;
        }
        out.rewind(mark);
        int keyValue = out.begin(field, SMALL_RESERVE);
        if (keyUtf8 != null) {
          out.bytesField(KEY_VALUE_KEY, keyUtf8);
        } else {
          out.stringField(KEY_VALUE_KEY, key.getKey());
        }
        int anyValue = out.begin(KEY_VALUE_VALUE, SMALL_RESERVE);
        if (!writeAttributeValue(key.getType(), value)) {
          out.rewind(mark);
          return;
        }
        out.end(anyValue, SMALL_RESERVE);
        out.end(keyValue, SMALL_RESERVE);
      } catch (RuntimeException e) {
        out.rewind(mark); // leave the odd attribute out, keep the span
      }
    }
  }

  /**
   * The common attribute, an SDK key with an ASCII string, a long, a boolean or a double, with
   * its lengths computed up front rather than patched in. False when the attribute is not of
   * that kind (the caller rewinds and writes it the general way).
   */
  private boolean writeScalarKeyValue(int field, byte[] key, AttributeType type, Object value) {
    int anyValue;
    if (type == AttributeType.STRING && value instanceof String) {
      anyValue = ProtoBuffer.lengthDelimitedSize(((String) value).length()); // if ASCII
    } else if (type == AttributeType.LONG && value instanceof Long) {
      anyValue = 1 + ProtoBuffer.varint64Size((Long) value);
    } else if (type == AttributeType.BOOLEAN && value instanceof Boolean) {
      anyValue = 2;
    } else if (type == AttributeType.DOUBLE && value instanceof Double) {
      anyValue = 9;
    } else {
      return false;
    }
    int keyField = key.length == 0 ? 0 : ProtoBuffer.lengthDelimitedSize(key.length);
    out.header(field, keyField + ProtoBuffer.lengthDelimitedSize(anyValue));
    out.bytesField(KEY_VALUE_KEY, key);
    out.header(KEY_VALUE_VALUE, anyValue);
    if (value instanceof String) {
      return out.asciiStringField(ANY_STRING, (String) value);
    }
    writeScalar(value);
    return true;
  }

  /** Writes an AnyValue's content; false when the value does not match its key's type. */
  private boolean writeAttributeValue(AttributeType type, Object value) {
    switch (type) {
      case STRING:
        if (value instanceof String) {
          out.stringAlways(ANY_STRING, (String) value);
          return true;
        }
        return false;
      case BOOLEAN:
        return value instanceof Boolean && writeScalar(value);
      case LONG:
        return value instanceof Long && writeScalar(value);
      case DOUBLE:
        return value instanceof Double && writeScalar(value);
      case STRING_ARRAY:
      case BOOLEAN_ARRAY:
      case LONG_ARRAY:
      case DOUBLE_ARRAY:
        if (value instanceof List) {
          writeArray((List<?>) value, type == AttributeType.STRING_ARRAY);
          return true;
        }
        return false;
      case VALUE:
        if (value instanceof Value) {
          writeValue((Value<?>) value, 0);
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  /** A String, Boolean, Long or Double as an AnyValue's content; false for anything else. */
  private boolean writeScalar(Object value) {
    if (value instanceof String) {
      out.stringAlways(ANY_STRING, (String) value);
    } else if (value instanceof Boolean) {
      out.boolAlways(ANY_BOOL, (Boolean) value);
    } else if (value instanceof Long) {
      out.int64Always(ANY_INT, (Long) value);
    } else if (value instanceof Double) {
      out.doubleAlways(ANY_DOUBLE, (Double) value);
    } else {
      return false;
    }
    return true;
  }

  /**
   * An attribute array as an ArrayValue of AnyValues. A null in a string array is written as "",
   * as the SDK does; any other null or odd element is left out.
   */
  private void writeArray(List<?> values, boolean strings) {
    int array = out.begin(ANY_ARRAY, SMALL_RESERVE);
    if (values instanceof RandomAccess) {
      for (int i = 0; i < values.size(); i++) {
        writeArrayElement(values.get(i), strings);
      }
    } else {
      for (Object element : values) {
        writeArrayElement(element, strings);
      }
    }
    out.end(array, SMALL_RESERVE);
  }

  private void writeArrayElement(Object element, boolean strings) {
    int mark = out.position();
    int anyValue = out.begin(ARRAY_VALUES, SMALL_RESERVE);
    if (element == null && strings) {
      out.stringAlways(ANY_STRING, "");
    } else if (element == null || !writeScalar(element)) {
      out.rewind(mark);
      return;
    }
    out.end(anyValue, SMALL_RESERVE);
  }

  /** A {@link Value} (the API's AnyValue) as an AnyValue's content; EMPTY has none. */
  private void writeValue(Value<?> value, int depth) {
    if (value == null || value.getType() == null || depth > MAX_VALUE_DEPTH) {
      return;
    }
    Object content = value.getValue();
    switch (value.getType()) {
      case STRING:
        out.stringAlways(ANY_STRING, content instanceof String ? (String) content : "");
        return;
      case BOOLEAN:
      case LONG:
      case DOUBLE:
        writeScalar(content);
        return;
      case BYTES:
        if (content instanceof ByteBuffer) {
          out.bytesAlways(ANY_BYTES, (ByteBuffer) content);
        }
        return;
      case ARRAY:
        if (content instanceof List) {
          int array = out.begin(ANY_ARRAY, SMALL_RESERVE);
          for (Object element : (List<?>) content) {
            if (element instanceof Value) {
              int anyValue = out.begin(ARRAY_VALUES, SMALL_RESERVE);
              writeValue((Value<?>) element, depth + 1);
              out.end(anyValue, SMALL_RESERVE);
            }
          }
          out.end(array, SMALL_RESERVE);
        }
        return;
      case KEY_VALUE_LIST:
        if (content instanceof List) {
          int list = out.begin(ANY_KVLIST, SMALL_RESERVE);
          for (Object element : (List<?>) content) {
            if (element instanceof KeyValue) {
              KeyValue keyValue = (KeyValue) element;
              int message = out.begin(KVLIST_VALUES, SMALL_RESERVE);
              out.stringField(KEY_VALUE_KEY, keyValue.getKey());
              int anyValue = out.begin(KEY_VALUE_VALUE, SMALL_RESERVE);
              writeValue(keyValue.getValue(), depth + 1);
              out.end(anyValue, SMALL_RESERVE);
              out.end(message, SMALL_RESERVE);
            }
          }
          out.end(list, SMALL_RESERVE);
        }
        return;
      default:
        // EMPTY: an AnyValue with no value set
    }
  }
}
