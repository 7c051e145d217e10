package dev.lantern.agent.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte buffer with the protobuf wire primitives the OTLP writer needs: varints,
 * fixed32/64, UTF-8 strings and length-delimited messages.
 *
 * <p>A nested message's length is mostly not known before its content is written, so {@link
 * #begin} reserves a guessed number of bytes for it and {@link #end} writes the real length there,
 * moving the content when the guess was wrong. Guessing well per message type keeps the moves
 * rare; lengths are always written as minimal varints. Where the length is cheap to compute up
 * front (a plain attribute), {@link #header} writes it directly.
 *
 * <p>Field numbers below 16 take a one-byte tag; the size helpers assume that.
 */
final class ProtoBuffer {

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LEN = 2;
  private static final int FIXED32 = 5;

  private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

  private byte[] buf;
  private int pos;

  ProtoBuffer(int initialCapacity) {
    buf = new byte[initialCapacity];
  }

  int position() {
    return pos;
  }

  /** Drops everything written after {@code position}, e.g. a span that could not be written. */
  void rewind(int position) {
    pos = position;
  }

  byte[] array() {
    return buf;
  }

  int capacity() {
    return buf.length;
  }

  void reset() {
    pos = 0;
  }

  /** Replaces the array by a small empty one if a large request made it grow past max. */
  void trim(int maxRetained, int initialCapacity) {
    if (buf.length > maxRetained) {
      buf = new byte[initialCapacity];
      pos = 0;
    }
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, pos);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  private void ensure(int extra) {
    if (extra > buf.length - pos) {
      long needed = (long) pos + extra;
      if (needed > MAX_CAPACITY) {
        throw new IllegalStateException("OTLP request larger than 2 GiB");
      }
      long doubled = Math.max(needed, 2L * buf.length);
      buf = Arrays.copyOf(buf, (int) Math.min(MAX_CAPACITY, doubled));
    }
  }

  // ---- wire primitives
  //
  // Each write checks the capacity once for everything it writes, then works on locals.

  /** A oneof int64, written even when 0; negative values take ten bytes, as in protobuf. */
  void int64Always(int field, long value) {
    ensure(15);
    byte[] b = buf;
    int p = putTag(b, pos, field, VARINT);
    while ((value & ~0x7FL) != 0) {
      b[p++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    b[p++] = (byte) value;
    pos = p;
  }

  private static int putVarint32(byte[] b, int p, int value) {
    while ((value & ~0x7F) != 0) {
      b[p++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    b[p++] = (byte) value;
    return p;
  }

  private static int putTag(byte[] b, int p, int field, int wireType) {
    return field < 16 ? putByte(b, p, (field << 3) | wireType) : putVarint32(b, p, (field << 3) | wireType);
  }

  private static int putByte(byte[] b, int p, int value) {
    b[p] = (byte) value;
    return p + 1;
  }

  private static int putFixed64(byte[] b, int p, long value) {
    for (int i = 0; i < 8; i++) {
      b[p + i] = (byte) (value >> (8 * i));
    }
    return p + 8;
  }

  static int varint64Size(long value) {
    int size = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  /** The size of a length-delimited field with a one-byte tag and this content length. */
  static int lengthDelimitedSize(int contentLength) {
    return 1 + varintSize(contentLength) + contentLength;
  }

  static int varintSize(int value) {
    if ((value & ~0x7F) == 0) {
      return 1;
    }
    if ((value & ~0x3FFF) == 0) {
      return 2;
    }
    if ((value & ~0x1FFFFF) == 0) {
      return 3;
    }
    if ((value & ~0xFFFFFFF) == 0) {
      return 4;
    }
    return 5;
  }

  // ---- fields with proto3 defaults left out, as the SDK's marshaler does

  /** A uint32 or enum field; negative values are written as their unsigned 32 bits. */
  void uint32Field(int field, int value) {
    if (value != 0) {
      ensure(10);
      pos = putVarint32(buf, putTag(buf, pos, field, VARINT), value);
    }
  }

  void fixed32Field(int field, int value) {
    if (value != 0) {
      ensure(9);
      byte[] b = buf;
      int p = putTag(b, pos, field, FIXED32);
      b[p] = (byte) value;
      b[p + 1] = (byte) (value >> 8);
      b[p + 2] = (byte) (value >> 16);
      b[p + 3] = (byte) (value >> 24);
      pos = p + 4;
    }
  }

  void fixed64Field(int field, long value) {
    if (value != 0) {
      ensure(13);
      pos = putFixed64(buf, putTag(buf, pos, field, FIXED64), value);
    }
  }

  /** A oneof bool, written even when false. */
  void boolAlways(int field, boolean value) {
    ensure(6);
    pos = putByte(buf, putTag(buf, pos, field, VARINT), value ? 1 : 0);
  }

  /** A oneof double, written even when 0. */
  void doubleAlways(int field, double value) {
    ensure(13);
    pos = putFixed64(buf, putTag(buf, pos, field, FIXED64), Double.doubleToRawLongBits(value));
  }

  void stringField(int field, String value) {
    if (value != null && !value.isEmpty()) {
      string(field, value);
    }
  }

  /** A string even when empty: a oneof member, or an element of a repeated field. */
  void stringAlways(int field, String value) {
    string(field, value == null ? "" : value);
  }

  void bytesField(int field, byte[] value) {
    int n = value.length;
    if (n != 0) {
      ensure(10 + n);
      byte[] b = buf;
      int p = putVarint32(b, putTag(b, pos, field, LEN), n);
      System.arraycopy(value, 0, b, p, n);
      pos = p + n;
    }
  }

  /** Bytes already encoded, e.g. a cached message's content. */
  void raw(byte[] bytes) {
    raw(bytes, 0, bytes.length);
  }

  void raw(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buf, pos, length);
    pos += length;
  }

  /** A bytes field from a buffer's remaining bytes, written even when empty (a oneof member). */
  void bytesAlways(int field, ByteBuffer value) {
    int start = value.position();
    int n = value.remaining();
    ensure(10 + n);
    byte[] b = buf;
    int p = putVarint32(b, putTag(b, pos, field, LEN), n);
    for (int i = 0; i < n; i++) {
      b[p + i] = value.get(start + i);
    }
    pos = p + n;
  }

  private static final byte[] HEX_VALUES = new byte[128];

  static {
    for (int c = '0'; c <= '9'; c++) {
      HEX_VALUES[c] = (byte) (c - '0');
    }
    for (int c = 'a'; c <= 'f'; c++) {
      HEX_VALUES[c] = (byte) (c - 'a' + 10);
      HEX_VALUES[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
    }
  }

  /**
   * A trace or span ID field: {@code length} bytes from lowercase hex, as SpanContext holds it.
   * Characters that are not hex count as 0 and a short string is padded with zero bytes, so an
   * odd ID never fails the batch.
   */
  void hexIdField(int field, String hex, int length) {
    ensure(7 + length);
    byte[] b = buf;
    int p = putByte(b, putTag(b, pos, field, LEN), length);
    if (hex != null && hex.length() == 2 * length) {
      for (int i = 0; i < length; i++) {
        b[p + i] = (byte) ((hexValue(hex.charAt(2 * i)) << 4) | hexValue(hex.charAt(2 * i + 1)));
      }
    } else {
      int chars = hex == null ? 0 : hex.length();
      for (int i = 0; i < length; i++) {
        int hi = 2 * i < chars ? hexValue(hex.charAt(2 * i)) : 0;
        int lo = 2 * i + 1 < chars ? hexValue(hex.charAt(2 * i + 1)) : 0;
        b[p + i] = (byte) ((hi << 4) | lo);
      }
    }
    pos = p + length;
  }

  private static int hexValue(char c) {
    return c < 128 ? HEX_VALUES[c] : 0;
  }

  // ---- strings

  /**
   * A length-delimited UTF-8 string field, byte for byte what {@code String.getBytes(UTF_8)}
   * gives (an unpaired surrogate becomes '?'). ASCII, the common case, is written in one pass.
   */
  private void string(int field, String s) {
    int n = s.length();
    ensure(10 + n);
    byte[] b = buf;
    int start = putTag(b, pos, field, LEN);
    int p = putVarint32(b, start, n);
    if (!putAscii(b, p, s, n)) {
      pos = start;
      stringSlow(s);
      return;
    }
    pos = p + n;
  }

  /**
   * A string field if the string is ASCII, true then; otherwise writes nothing and returns false.
   * For a message whose length was computed from the string's length.
   */
  boolean asciiStringField(int field, String s) {
    int n = s.length();
    ensure(10 + n);
    byte[] b = buf;
    int p = putVarint32(b, putTag(b, pos, field, LEN), n);
    if (!putAscii(b, p, s, n)) {
      return false;
    }
    pos = p + n;
    return true;
  }

  /** Copies the chars as bytes; false if one was not ASCII (the bytes are then garbage). */
  private static boolean putAscii(byte[] b, int p, String s, int n) {
    int bits = 0;
    for (int i = 0; i < n; i++) {
      // no early exit: the simplest loop for the JIT (measured a little faster than one)
      char c = s.charAt(i);
      bits |= c;
      b[p + i] = (byte) c;
    }
    return bits < 0x80;
  }

  /** After the tag: the string's UTF-8 length and bytes, in two passes. */
  private void stringSlow(String s) {
    int length = utf8Length(s);
    ensure(5 + length);
    byte[] b = buf;
    int p = putVarint32(b, pos, length);
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          b[p++] = (byte) (0xF0 | (cp >> 18));
          b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          b[p++] = '?';
        }
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    pos = p;
  }

  static int utf8Length(String s) {
    int n = s.length();
    long length = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          length += 4;
          i++;
        } else {
          length += 1;
        }
      } else {
        length += 3;
      }
    }
    if (length > MAX_CAPACITY) {
      throw new IllegalStateException("string too long for an OTLP request");
    }
    return (int) length;
  }

  // ---- nested messages

  /** The tag and length of a length-delimited field whose content length is known. */
  void header(int field, int contentLength) {
    ensure(10);
    pos = putVarint32(buf, putTag(buf, pos, field, LEN), contentLength);
  }

  /**
   * Starts a length-delimited field; returns where its content starts, for {@link #end}.
   * {@code reserve} is the number of bytes guessed for the length varint (1 to 5).
   */
  int begin(int field, int reserve) {
    ensure(5 + reserve);
    pos = putTag(buf, pos, field, LEN) + reserve;
    return pos;
  }

  /** Ends the field begun at {@code start} with the same {@code reserve}. */
  void end(int start, int reserve) {
    int length = pos - start;
    int size = varintSize(length);
    if (size != reserve) {
      int shift = size - reserve;
      if (shift > 0) {
        ensure(shift);
      }
      System.arraycopy(buf, start, buf, start + shift, length);
      pos += shift;
    }
    int p = start - reserve;
    byte[] b = buf;
    while ((length & ~0x7F) != 0) {
      b[p++] = (byte) ((length & 0x7F) | 0x80);
      length >>>= 7;
    }
    b[p] = (byte) length;
  }
}
