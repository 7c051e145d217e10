package dev.lantern.agent.install;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * "Does this class file contain one of these strings?", answered on the raw bytes. Constant pool
 * strings are stored as (modified) UTF-8, so an ASCII name such as {@code java/sql/} appears in
 * the bytes as is whenever the class mentions it.
 */
final class ClassFileStrings {

  private static final ClassFileStrings ANY = new ClassFileStrings(null, null);

  private final byte[][] needles;
  /** The strings as binary names ({@code java.sql.}), for loaded classes. */
  private final String[] strings;

  private ClassFileStrings(byte[][] needles, String[] strings) {
    this.needles = needles;
    this.strings = strings;
  }

  static ClassFileStrings of(Collection<String> strings) {
    if (strings == null || strings.isEmpty()) {
      return ANY;
    }
    byte[][] needles = new byte[strings.size()][];
    String[] binaryNames = new String[strings.size()];
    int i = 0;
    for (String s : strings) {
      needles[i] = s.getBytes(StandardCharsets.UTF_8);
      binaryNames[i++] = s.replace('/', '.');
    }
    return new ClassFileStrings(needles, binaryNames);
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

  /**
   * The same question for a class that is already loaded and whose bytes are gone: true when the
   * name of the class or of one of its superclasses or interfaces contains one of the strings.
   * That is what a hierarchy pre-filter such as {@code java/sql/} means.
   */
  boolean mayMatchLoaded(Class<?> type) {
    if (needles == null) {
      return true;
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (nameMatches(c) || interfacesMatch(c)) {
        return true;
      }
    }
    return false;
  }

  private boolean interfacesMatch(Class<?> type) {
    for (Class<?> i : type.getInterfaces()) {
      if (nameMatches(i) || interfacesMatch(i)) {
        return true;
      }
    }
    return false;
  }

  private boolean nameMatches(Class<?> type) {
    String name = type.getName();
    for (String string : strings) {
      if (name.contains(string)) {
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
