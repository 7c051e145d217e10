package dev.lantern.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts OTLP protobuf values into plain Java values that are easy to assert on. */
final class OtlpValues {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private OtlpValues() {}

  /** Lower-case hex of the bytes; "" for an absent (empty) id. */
  static String hex(ByteString bytes) {
    StringBuilder out = new StringBuilder(bytes.size() * 2);
    for (int i = 0; i < bytes.size(); i++) {
      int b = bytes.byteAt(i) & 0xff;
      out.append(HEX[b >>> 4]).append(HEX[b & 0x0f]);
    }
    return out.toString();
  }

  /** Attributes in their wire order; unmodifiable; values as described by {@link #toJava}. */
  static Map<String, Object> toMap(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : keyValues) {
      map.put(kv.getKey(), toJava(kv.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * String, Long, Double, Boolean, List&lt;Object&gt; (arrays), Map&lt;String,Object&gt; (key-value
   * lists), lower-case hex String (bytes), or null when no value is set.
   */
  static Object toJava(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case ARRAY_VALUE:
        List<Object> list = new ArrayList<>();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          list.add(toJava(element));
        }
        return Collections.unmodifiableList(list);
      case KVLIST_VALUE:
        return toMap(value.getKvlistValue().getValuesList());
      case BYTES_VALUE:
        return hex(value.getBytesValue());
      default:
        return null;
    }
  }

  /** "SPAN_KIND_SERVER" → "SERVER", "STATUS_CODE_ERROR" → "ERROR". */
  static String stripPrefix(String enumName, String prefix) {
    return enumName.startsWith(prefix) ? enumName.substring(prefix.length()) : enumName;
  }
}
