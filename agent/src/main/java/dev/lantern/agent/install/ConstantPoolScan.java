package dev.lantern.agent.install;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which of a fixed set of strings a class file holds in its constant pool: the pre-filter that lets
 * most classes load without being parsed. A needle is either an exact constant (a method name a
 * type must declare) or a substring of one (a package such as {@code java/sql/}, which appears
 * inside class names and descriptors).
 *
 * <p>Substrings are looked for in the whole class file at once, read as Latin-1 text, with {@code
 * String.indexOf}: the JIT compiles that into a vector search that every part of the JVM already
 * uses, where a loop of our own over every byte of every class was hot enough to be compiled on its
 * own while the application started. A match outside a constant, or across two, only lets a class
 * through to be parsed. Exact constants need the constant pool walked entry by entry; that is done
 * only when asked ({@link #constants}), and compares only entries of a needle's length.
 *
 * <p>Constant-pool strings are (modified) UTF-8; ASCII needles appear as they are. A class file the
 * walk cannot read (a tag it does not know, a truncated pool) counts as holding every needle, so
 * the scan can only let too much through, never too little.
 */
final class ConstantPoolScan {

  /** More needles than this share the last bit: they always count as found. */
  static final int MAX_NEEDLES = 64;

  private final byte[][] needles;
  private final long all;
  /** Exact needles by their length: a constant is compared only with those as long as it. */
  private final int[][] exactByLength;
  /** The substring needles as text, with their indices. */
  private final String[] substrings;
  private final int[] substringIndices;
  /** Needles beyond the last bit: always found. */
  private final long overflow;

  private ConstantPoolScan(byte[][] needles, boolean[] exact) {
    this.needles = needles;
    this.all = needles.length >= MAX_NEEDLES ? -1L : (1L << needles.length) - 1;
    this.overflow = needles.length >= MAX_NEEDLES ? bit(MAX_NEEDLES - 1) : 0;
    int longestExact = -1;
    int substringCount = 0;
    for (int n = 0; n < needles.length && n < MAX_NEEDLES - 1; n++) {
      if (exact[n]) {
        longestExact = Math.max(longestExact, needles[n].length);
      } else {
        substringCount++;
      }
    }
    this.exactByLength = new int[longestExact + 1][]; // empty without exact needles
    this.substrings = new String[substringCount];
    this.substringIndices = new int[substringCount];
    int s = 0;
    for (int n = 0; n < needles.length && n < MAX_NEEDLES - 1; n++) {
      if (exact[n]) {
        exactByLength[needles[n].length] = append(exactByLength[needles[n].length], n);
      } else {
        substrings[s] = new String(needles[n], StandardCharsets.ISO_8859_1);
        substringIndices[s++] = n;
      }
    }
  }

  private static int[] append(int[] indices, int index) {
    if (indices == null) {
      return new int[] {index};
    }
    int[] grown = java.util.Arrays.copyOf(indices, indices.length + 1);
    grown[indices.length] = index;
    return grown;
  }

  /** {@code constants} must be equal to a whole constant; {@code substrings} only contained in one. */
  static ConstantPoolScan of(List<String> constants, List<String> substrings) {
    int n = constants.size() + substrings.size();
    byte[][] needles = new byte[n][];
    boolean[] exact = new boolean[n];
    int i = 0;
    for (String c : constants) {
      exact[i] = true;
      needles[i++] = c.getBytes(StandardCharsets.UTF_8);
    }
    for (String s : substrings) {
      needles[i++] = s.getBytes(StandardCharsets.UTF_8);
    }
    return new ConstantPoolScan(needles, exact);
  }

  /** The bit of needle {@code index} in what {@link #substrings} and {@link #constants} return. */
  static long bit(int index) {
    return 1L << Math.min(index, MAX_NEEDLES - 1);
  }

  /**
   * The bits of the substring needles the class file holds (needle {@code i} is bit {@code i}),
   * and of needles beyond the last bit.
   */
  long substrings(byte[] classFile) {
    if (!isClassFile(classFile)) {
      return -1L;
    }
    long found = overflow;
    if (substrings.length > 0) {
      // Latin-1 maps each byte to one char, so the text holds every byte sequence of the file
      String text = new String(classFile, StandardCharsets.ISO_8859_1);
      for (int s = 0; s < substrings.length; s++) {
        if (text.indexOf(substrings[s]) >= 0) {
          found |= 1L << substringIndices[s];
        }
      }
    }
    return found;
  }

  /** The bits of the exact needles the class file holds as whole constants. */
  long constants(byte[] classFile) {
    if (exactByLength.length == 0) {
      return overflow;
    }
    try {
      return walk(classFile);
    } catch (ArrayIndexOutOfBoundsException truncated) {
      return -1L;
    }
  }

  private static boolean isClassFile(byte[] cf) {
    return cf.length >= 10 && ConstantPool.u2(cf, 0) == 0xCAFE && ConstantPool.u2(cf, 2) == 0xBABE;
  }

  private long walk(byte[] cf) {
    if (!isClassFile(cf)) {
      return -1L;
    }
    long found = overflow;
    int count = ConstantPool.count(cf);
    int offset = ConstantPool.START;
    for (int i = 1; i < count; i++) {
      int size = ConstantPool.entrySize(cf, offset);
      if (size < 0) {
        return -1L; // a newer class file format: let every rule look
      }
      if (cf[offset] == ConstantPool.UTF8) {
        int length = size - 3;
        int[] sameLength = length < exactByLength.length ? exactByLength[length] : null;
        if (sameLength != null) {
          for (int n : sameLength) {
            if ((found & (1L << n)) == 0 && ConstantPool.regionEquals(cf, offset + 3, needles[n])) {
              found |= 1L << n;
            }
          }
          if (found == all) {
            return -1L;
          }
        }
      } else if (ConstantPool.takesTwoSlots(cf[offset])) {
        i++;
      }
      offset += size;
    }
    return found;
  }
}
