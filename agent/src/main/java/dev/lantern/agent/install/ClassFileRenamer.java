package dev.lantern.agent.install;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Renames classes inside one class file by rewriting its constant pool: every occurrence of an
 * internal name ({@code a/b/C}) in a string constant, so in class references and descriptors
 * alike. Everything after the constant pool refers to constants by index and is copied as it is.
 * This is all the two bootstrap classes need, and it spares loading a remapping library for them
 * at start-up. Names are ASCII, and ASCII bytes never occur inside a multi-byte (modified) UTF-8
 * sequence, so the rewrite works on bytes.
 */
final class ClassFileRenamer {

  private ClassFileRenamer() {}

  /** @param internalNames old internal name to new one */
  static byte[] rename(byte[] classFile, Map<String, String> internalNames) {
    byte[][] from = new byte[internalNames.size()][];
    byte[][] to = new byte[internalNames.size()][];
    int k = 0;
    for (Map.Entry<String, String> e : internalNames.entrySet()) {
      from[k] = e.getKey().getBytes(StandardCharsets.US_ASCII);
      to[k++] = e.getValue().getBytes(StandardCharsets.US_ASCII);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(classFile.length + 64);
    out.write(classFile, 0, ConstantPool.START); // magic, versions, constant pool count
    int offset = ConstantPool.START;
    for (int i = 1; i < ConstantPool.count(classFile); i++) {
      int size = ConstantPool.entrySize(classFile, offset);
      if (size < 0) {
        throw new IllegalArgumentException("unknown constant pool tag " + classFile[offset] + " at " + offset);
      }
      if (classFile[offset] == ConstantPool.UTF8) {
        byte[] value = replaced(classFile, offset + 3, size - 3, from, to);
        out.write(ConstantPool.UTF8);
        out.write(value.length >>> 8);
        out.write(value.length);
        out.write(value, 0, value.length);
      } else {
        if (ConstantPool.takesTwoSlots(classFile[offset])) {
          i++;
        }
        out.write(classFile, offset, size);
      }
      offset += size;
    }
    out.write(classFile, offset, classFile.length - offset);
    return out.toByteArray();
  }

  private static byte[] replaced(byte[] b, int start, int length, byte[][] from, byte[][] to) {
    ByteArrayOutputStream value = new ByteArrayOutputStream(length);
    int end = start + length;
    int i = start;
    outer:
    while (i < end) {
      for (int n = 0; n < from.length; n++) {
        if (ConstantPool.regionEquals(b, i, end, from[n])) {
          value.write(to[n], 0, to[n].length);
          i += from[n].length;
          continue outer;
        }
      }
      value.write(b[i++]);
    }
    return value.toByteArray();
  }
}
