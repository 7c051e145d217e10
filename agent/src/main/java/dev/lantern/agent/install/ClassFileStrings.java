package dev.lantern.agent.install;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * "Does this class file contain one of these strings?", answered on the raw bytes. Constant pool
 * strings are stored as (modified) UTF-8, so an ASCII name such as {@code java/sql/} appears in
 * the bytes as is whenever the class mentions it.
 */
final class ClassFileStrings {

  private static final ClassFileStrings ANY = new ClassFileStrings(null);

  private final byte[][] needles;

  private ClassFileStrings(byte[][] needles) {
    this.needles = needles;
  }

  static ClassFileStrings of(Collection<String> strings) {
    if (strings == null || strings.isEmpty()) {
      return ANY;
    }
    byte[][] needles = new byte[strings.size()][];
    int i = 0;
    for (String s : strings) {
      needles[i++] = s.getBytes(StandardCharsets.UTF_8);
    }
    return new ClassFileStrings(needles);
  }

  /** True when there is no pre-filter, or the class file contains one of the strings. */
  boolean mayMatch(byte[] classFile) {
    if (needles == null) {
      return true;
    }
    for (byte[] needle : needles) {
      if (contains(classFile, needle)) {
        return true;
      }
    }
    return false;
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    byte first = needle[0];
    int last = haystack.length - needle.length;
    outer:
    for (int i = 0; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
