package dev.lantern.agent.traceview;

import dev.lantern.agent.trace.EncodedSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.internal.W3CTraceContextEncoding;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a span the trace view kept encoded ({@link EncodedSpan}) back into {@link SpanData}, for
 * the pages. It reads what the agent's OTLP writer writes (trace.proto's Span, with its
 * attributes, events, links and status); a field it does not know is skipped. Only the pages call
 * it, so its allocations do not matter.
 */
final class SpanDecoder {

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LEN = 2;
  private static final int FIXED32 = 5;

  private static final int FLAGS_IS_REMOTE = 0x200;

  private SpanDecoder() {}

  static SpanData decode(EncodedSpan encoded) {
    Reader in = new Reader(encoded.bytes(), encoded.messageStart(), encoded.end());
    Decoded span = new Decoded(encoded.resource(), encoded.scope());
    byte[] traceId = null;
    byte[] spanId = null;
    byte[] parentId = null;
    String traceState = null;
    int flags = 0;
    AttributesBuilder attributes = Attributes.builder();
    int attributeCount = 0;
    int droppedAttributes = 0;
    int droppedEvents = 0;
    int droppedLinks = 0;
    List<Reader> links = new ArrayList<>();
    while (in.more()) {
      int tag = in.varint32();
      switch (tag) {
        case 1 << 3 | LEN:
          traceId = in.bytes();
          break;
        case 2 << 3 | LEN:
          spanId = in.bytes();
          break;
        case 3 << 3 | LEN:
          traceState = in.string();
          break;
        case 4 << 3 | LEN:
          parentId = in.bytes();
          break;
        case 5 << 3 | LEN:
          span.name = in.string();
          break;
        case 6 << 3 | VARINT:
          span.kind = kind(in.varint32());
          break;
        case 7 << 3 | FIXED64:
          span.start = in.fixed64();
          break;
        case 8 << 3 | FIXED64:
          span.end = in.fixed64();
          break;
        case 9 << 3 | LEN:
          attributeCount += keyValue(in.message(), attributes);
          break;
        case 10 << 3 | VARINT:
          droppedAttributes = in.varint32();
          break;
        case 11 << 3 | LEN:
          span.events.add(event(in.message()));
          break;
        case 12 << 3 | VARINT:
          droppedEvents = in.varint32();
          break;
        case 13 << 3 | LEN:
          links.add(in.message()); // read once the trace ID is known
          break;
        case 14 << 3 | VARINT:
          droppedLinks = in.varint32();
          break;
        case 15 << 3 | LEN:
          span.status = status(in.message());
          break;
        case 16 << 3 | FIXED32:
          flags = in.fixed32();
          break;
        default:
          in.skip(tag);
      }
    }
    String trace = TraceId.fromBytes(traceId);
    span.context = context(trace, SpanId.fromBytes(spanId), flags, traceState, false);
    span.parent =
        parentId == null || parentId.length == 0
            ? SpanContext.getInvalid()
            : context(trace, SpanId.fromBytes(parentId), flags, null, (flags & FLAGS_IS_REMOTE) != 0);
    span.attributes = attributes.build();
    span.totalAttributes = attributeCount + droppedAttributes;
    span.totalEvents = span.events.size() + droppedEvents;
    for (Reader link : links) {
      span.links.add(link(link));
    }
    span.totalLinks = span.links.size() + droppedLinks;
    return span;
  }

  private static SpanContext context(String traceId, String spanId, int flags, String state, boolean remote) {
    TraceFlags traceFlags = TraceFlags.fromByte((byte) flags);
    TraceState traceState = state == null ? TraceState.getDefault() : W3CTraceContextEncoding.decodeTraceState(state);
    return remote
        ? SpanContext.createFromRemoteParent(traceId, spanId, traceFlags, traceState)
        : SpanContext.create(traceId, spanId, traceFlags, traceState);
  }

  private static EventData event(Reader in) {
    long time = 0;
    String name = "";
    AttributesBuilder attributes = Attributes.builder();
    int count = 0;
    int dropped = 0;
    while (in.more()) {
      int tag = in.varint32();
      if (tag == (1 << 3 | FIXED64)) {
        time = in.fixed64();
      } else if (tag == (2 << 3 | LEN)) {
        name = in.string();
      } else if (tag == (3 << 3 | LEN)) {
        count += keyValue(in.message(), attributes);
      } else if (tag == (4 << 3 | VARINT)) {
        dropped = in.varint32();
      } else {
        in.skip(tag);
      }
    }
    return EventData.create(time, name, attributes.build(), count + dropped);
  }

  private static LinkData link(Reader in) {
    byte[] traceId = null;
    byte[] spanId = null;
    String state = null;
    int flags = 0;
    AttributesBuilder attributes = Attributes.builder();
    int count = 0;
    int dropped = 0;
    while (in.more()) {
      int tag = in.varint32();
      if (tag == (1 << 3 | LEN)) {
        traceId = in.bytes();
      } else if (tag == (2 << 3 | LEN)) {
        spanId = in.bytes();
      } else if (tag == (3 << 3 | LEN)) {
        state = in.string();
      } else if (tag == (4 << 3 | LEN)) {
        count += keyValue(in.message(), attributes);
      } else if (tag == (5 << 3 | VARINT)) {
        dropped = in.varint32();
      } else if (tag == (6 << 3 | FIXED32)) {
        flags = in.fixed32();
      } else {
        in.skip(tag);
      }
    }
    SpanContext context =
        context(TraceId.fromBytes(traceId), SpanId.fromBytes(spanId), flags, state, (flags & FLAGS_IS_REMOTE) != 0);
    return LinkData.create(context, attributes.build(), count + dropped);
  }

  private static StatusData status(Reader in) {
    String message = "";
    int code = 0;
    while (in.more()) {
      int tag = in.varint32();
      if (tag == (2 << 3 | LEN)) {
        message = in.string();
      } else if (tag == (3 << 3 | VARINT)) {
        code = in.varint32();
      } else {
        in.skip(tag);
      }
    }
    StatusCode statusCode = code == 1 ? StatusCode.OK : code == 2 ? StatusCode.ERROR : StatusCode.UNSET;
    return StatusData.create(statusCode, message);
  }

  /** Adds one KeyValue to the builder; returns 1 when it was read, 0 when it had no key. */
  private static int keyValue(Reader in, AttributesBuilder attributes) {
    String key = null;
    Value<?> value = null;
    while (in.more()) {
      int tag = in.varint32();
      if (tag == (1 << 3 | LEN)) {
        key = in.string();
      } else if (tag == (2 << 3 | LEN)) {
        value = anyValue(in.message());
      } else {
        in.skip(tag);
      }
    }
    if (key == null) {
      return 0;
    }
    put(attributes, key, value == null ? Value.empty() : value);
    return 1;
  }

  /** As the writer took it: scalars and arrays of one scalar type as such, anything else a Value. */
  @SuppressWarnings("unchecked")
  private static void put(AttributesBuilder attributes, String key, Value<?> value) {
    Object content = value.getValue();
    switch (value.getType()) {
      case STRING:
        attributes.put(key, (String) content);
        return;
      case BOOLEAN:
        attributes.put(key, (Boolean) content);
        return;
      case LONG:
        attributes.put(key, (Long) content);
        return;
      case DOUBLE:
        attributes.put(key, (Double) content);
        return;
      case ARRAY:
        if (putArray(attributes, key, (List<Value<?>>) content)) {
          return;
        }
        break;
      default:
    }
    attributes.put(key, value);
  }

  private static boolean putArray(AttributesBuilder attributes, String key, List<Value<?>> values) {
    if (values.isEmpty()) {
      attributes.put(AttributeKey.stringArrayKey(key), Collections.emptyList());
      return true;
    }
    io.opentelemetry.api.common.ValueType type = values.get(0).getType();
    List<Object> items = new ArrayList<>(values.size());
    for (Value<?> v : values) {
      if (v.getType() != type) {
        return false;
      }
      items.add(v.getValue());
    }
    switch (type) {
      case STRING:
        attributes.put(AttributeKey.stringArrayKey(key), cast(items));
        return true;
      case BOOLEAN:
        attributes.put(AttributeKey.booleanArrayKey(key), cast(items));
        return true;
      case LONG:
        attributes.put(AttributeKey.longArrayKey(key), cast(items));
        return true;
      case DOUBLE:
        attributes.put(AttributeKey.doubleArrayKey(key), cast(items));
        return true;
      default:
        return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> cast(List<Object> items) {
    return (List<T>) (List<?>) items;
  }

  private static Value<?> anyValue(Reader in) {
    Value<?> value = Value.empty();
    while (in.more()) {
      int tag = in.varint32();
      switch (tag) {
        case 1 << 3 | LEN:
          value = Value.of(in.string());
          break;
        case 2 << 3 | VARINT:
          value = Value.of(in.varint64() != 0);
          break;
        case 3 << 3 | VARINT:
          value = Value.of(in.varint64());
          break;
        case 4 << 3 | FIXED64:
          value = Value.of(Double.longBitsToDouble(in.fixed64()));
          break;
        case 5 << 3 | LEN:
          value = Value.of(values(in.message()));
          break;
        case 6 << 3 | LEN:
          value = Value.of(keyValues(in.message()).toArray(new KeyValue[0]));
          break;
        case 7 << 3 | LEN:
          value = Value.of(in.bytes());
          break;
        default:
          in.skip(tag);
      }
    }
    return value;
  }

  private static List<Value<?>> values(Reader in) {
    List<Value<?>> values = new ArrayList<>();
    while (in.more()) {
      int tag = in.varint32();
      if (tag == (1 << 3 | LEN)) {
        values.add(anyValue(in.message()));
      } else {
        in.skip(tag);
      }
    }
    return values;
  }

  private static List<KeyValue> keyValues(Reader in) {
    List<KeyValue> list = new ArrayList<>();
    while (in.more()) {
      int tag = in.varint32();
      if (tag != (1 << 3 | LEN)) {
        in.skip(tag);
        continue;
      }
      Reader entry = in.message();
      String key = "";
      Value<?> value = Value.empty();
      while (entry.more()) {
        int t = entry.varint32();
        if (t == (1 << 3 | LEN)) {
          key = entry.string();
        } else if (t == (2 << 3 | LEN)) {
          value = anyValue(entry.message());
        } else {
          entry.skip(t);
        }
      }
      list.add(KeyValue.of(key, value));
    }
    return list;
  }

  private static SpanKind kind(int kind) {
    switch (kind) {
      case 2:
        return SpanKind.SERVER;
      case 3:
        return SpanKind.CLIENT;
      case 4:
        return SpanKind.PRODUCER;
      case 5:
        return SpanKind.CONSUMER;
      default:
        return SpanKind.INTERNAL;
    }
  }

  /** The protobuf wire format over a slice of an array; malformed input throws. */
  private static final class Reader {
    private final byte[] buf;
    private int pos;
    private final int limit;

    Reader(byte[] buf, int pos, int limit) {
      this.buf = buf;
      this.pos = pos;
      this.limit = limit;
    }

    boolean more() {
      return pos < limit;
    }

    int varint32() {
      return (int) varint64();
    }

    long varint64() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = next();
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("malformed varint");
    }

    long fixed64() {
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value |= (long) (next() & 0xFF) << (8 * i);
      }
      return value;
    }

    int fixed32() {
      int value = 0;
      for (int i = 0; i < 4; i++) {
        value |= (next() & 0xFF) << (8 * i);
      }
      return value;
    }

    Reader message() {
      int length = length();
      Reader message = new Reader(buf, pos, pos + length);
      pos += length;
      return message;
    }

    byte[] bytes() {
      int length = length();
      byte[] bytes = new byte[length];
      System.arraycopy(buf, pos, bytes, 0, length);
      pos += length;
      return bytes;
    }

    String string() {
      int length = length();
      String s = new String(buf, pos, length, StandardCharsets.UTF_8);
      pos += length;
      return s;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case VARINT:
          varint64();
          return;
        case FIXED64:
          advance(8);
          return;
        case LEN:
          advance(length());
          return;
        case FIXED32:
          advance(4);
          return;
        default:
          throw new IllegalArgumentException("unknown wire type " + (tag & 7));
      }
    }

    private int length() {
      int length = varint32();
      if (length < 0 || length > limit - pos) {
        throw new IllegalArgumentException("length " + length + " past the end");
      }
      return length;
    }

    private void advance(int n) {
      if (n > limit - pos) {
        throw new IllegalArgumentException("field past the end");
      }
      pos += n;
    }

    private byte next() {
      if (pos >= limit) {
        throw new IllegalArgumentException("truncated");
      }
      return buf[pos++];
    }
  }

  /** A decoded span; the page code reads it through {@link SpanData}. */
  private static final class Decoded implements SpanData {
    final Resource resource;
    final InstrumentationScopeInfo scope;
    String name = "";
    SpanKind kind = SpanKind.INTERNAL;
    SpanContext context;
    SpanContext parent;
    StatusData status = StatusData.unset();
    long start;
    long end;
    Attributes attributes;
    final List<EventData> events = new ArrayList<>();
    final List<LinkData> links = new ArrayList<>();
    int totalAttributes;
    int totalEvents;
    int totalLinks;

    Decoded(Resource resource, InstrumentationScopeInfo scope) {
      this.resource = resource == null ? Resource.empty() : resource;
      this.scope = scope == null ? InstrumentationScopeInfo.empty() : scope;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public SpanKind getKind() {
      return kind;
    }

    @Override
    public SpanContext getSpanContext() {
      return context;
    }

    @Override
    public SpanContext getParentSpanContext() {
      return parent;
    }

    @Override
    public StatusData getStatus() {
      return status;
    }

    @Override
    public long getStartEpochNanos() {
      return start;
    }

    @Override
    public Attributes getAttributes() {
      return attributes;
    }

    @Override
    public List<EventData> getEvents() {
      return events;
    }

    @Override
    public List<LinkData> getLinks() {
      return links;
    }

    @Override
    public long getEndEpochNanos() {
      return end;
    }

    @Override
    public boolean hasEnded() {
      return true;
    }

    @Override
    public int getTotalRecordedEvents() {
      return totalEvents;
    }

    @Override
    public int getTotalRecordedLinks() {
      return totalLinks;
    }

    @Override
    public int getTotalAttributeCount() {
      return totalAttributes;
    }

    @Override
    @SuppressWarnings("deprecation")
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
      return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion(), scope.getSchemaUrl());
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
      return scope;
    }

    @Override
    public Resource getResource() {
      return resource;
    }
  }
}
