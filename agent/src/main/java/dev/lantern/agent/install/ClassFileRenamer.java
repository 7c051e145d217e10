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
    out.write(classFile, 0, 10); // magic, versions, constant pool count
    int count = ((classFile[8] & 0xff) << 8) | (classFile[9] & 0xff);
    int offset = 10;
    for (int i = 1; i < count; i++) {
      int tag = classFile[offset];
      int size;
      switch (tag) {
        case 1:
          int length = ((classFile[offset + 1] & 0xff) << 8) | (classFile[offset + 2] & 0xff);
          byte[] value = replaced(classFile, offset + 3, length, from, to);
          out.write(1);
          out.write(value.length >>> 8);
          out.write(value.length);
          out.write(value, 0, value.length);
          offset += 3 + length;
          continue;
        case 7: case 8: case 16: case 19: case 20:
          size = 3;
          break;
        case 15:
          size = 4;
          break;
        case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
          size = 5;
          break;
        case 5: case 6:
          size = 9;
          i++;
          break;
        default:
          throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + offset);
      }
      out.write(classFile, offset, size);
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
        if (regionMatches(b, i, end, from[n])) {
          value.write(to[n], 0, to[n].length);
          i += from[n].length;
          continue outer;
        }
      }
      value.write(b[i++]);
    }
    return value.toByteArray();
  }

  private static boolean regionMatches(byte[] b, int at, int end, byte[] needle) {
    if (end - at < needle.length) {
      return false;
    }
    for (int j = 0; j < needle.length; j++) {
      if (b[at + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }
}
