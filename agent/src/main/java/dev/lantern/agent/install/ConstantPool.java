package dev.lantern.agent.install;

/**
 * The layout of a class file's constant pool, for the two places that walk it on raw bytes:
 * {@link ConstantPoolScan} (the pre-filter) and {@link ClassFileRenamer}.
 */
final class ConstantPool {

  /** Offset of the first entry: after magic, versions and the entry count. */
  static final int START = 10;
  static final int UTF8 = 1;

  private ConstantPool() {}

  /** The number of entries plus one, as the class file states it. */
  static int count(byte[] classFile) {
    return u2(classFile, 8);
  }

  /** Bytes taken by the entry at {@code offset}, tag included; -1 for a tag this JDK's format does not have. */
  static int entrySize(byte[] classFile, int offset) {
    switch (classFile[offset]) {
      case UTF8: // u2 length, bytes
        return 3 + u2(classFile, offset + 1);
      case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
        return 3;
      case 15: // MethodHandle
        return 4;
      case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
        return 5;
      case 5: case 6: // Long, Double
        return 9;
      default:
        return -1;
    }
  }

  /** Long and Double entries take two slots of the entry count. */
  static boolean takesTwoSlots(byte tag) {
    return tag == 5 || tag == 6;
  }

  /** {@code needle} starts at {@code at} and ends by {@code end}. */
  static boolean regionEquals(byte[] bytes, int at, int end, byte[] needle) {
    return end - at >= needle.length && regionEquals(bytes, at, needle);
  }

  static boolean regionEquals(byte[] bytes, int at, byte[] needle) {
    for (int j = 0; j < needle.length; j++) {
      if (bytes[at + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }

  static int u2(byte[] b, int offset) {
    return ((b[offset] & 0xff) << 8) | (b[offset + 1] & 0xff);
  }
}
