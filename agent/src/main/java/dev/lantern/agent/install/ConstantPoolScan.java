package dev.lantern.agent.install;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which of a fixed set of strings a class file holds in its constant pool, in one pass over the
 * raw bytes and without allocating: the pre-filter that lets most classes load without being
 * parsed. A needle is either an exact constant (a method name a type must declare) or a substring
 * of one (a package such as {@code java/sql/}, which appears inside class names and descriptors).
 *
 * <p>Constant-pool strings are (modified) UTF-8; ASCII needles appear as they are. A class file the
 * scan cannot walk (a tag it does not know, a truncated pool) counts as holding every needle, so
 * the scan can only let too much through, never too little.
 */
final class ConstantPoolScan {

  /** More needles than this share the last bit: they always count as found. */
  static final int MAX_NEEDLES = 64;

  private final byte[][] needles;
  private final long all;
  /** Exact needles by their length: a constant is compared only with those as long as it. */
  private final int[][] exactByLength;
  /** Substring needles by their first byte: each constant's bytes are walked once for all. */
  private final int[][] substringsByFirstByte;
  private final int shortestSubstring;
  /** Empty substrings: contained in any class file. */
  private final long alwaysFound;

  private ConstantPoolScan(byte[][] needles, boolean[] exact) {
    this.needles = needles;
    this.all = needles.length >= MAX_NEEDLES ? -1L : (1L << needles.length) - 1;
    int longestExact = 0;
    int shortest = Integer.MAX_VALUE;
    long empty = 0;
    for (int n = 0; n < needles.length && n < MAX_NEEDLES - 1; n++) {
      if (!exact[n] && needles[n].length == 0) {
        empty |= 1L << n;
      } else if (exact[n]) {
        longestExact = Math.max(longestExact, needles[n].length);
      } else {
        shortest = Math.min(shortest, needles[n].length);
      }
    }
    this.shortestSubstring = shortest;
    this.alwaysFound = empty;
    this.exactByLength = new int[longestExact + 1][];
    this.substringsByFirstByte = new int[256][];
    for (int n = 0; n < needles.length && n < MAX_NEEDLES - 1; n++) {
      if (exact[n]) {
        exactByLength[needles[n].length] = append(exactByLength[needles[n].length], n);
      } else if (needles[n].length > 0) {
        int first = needles[n][0] & 0xFF;
        substringsByFirstByte[first] = append(substringsByFirstByte[first], n);
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

  /** The bit of needle {@code index} in what {@link #scan} returns. */
  static long bit(int index) {
    return 1L << Math.min(index, MAX_NEEDLES - 1);
  }

  /** A bit per needle the class file holds (needle {@code i} is bit {@code i}). */
  long scan(byte[] classFile) {
    if (needles.length == 0) {
      return 0;
    }
    try {
      return walk(classFile);
    } catch (ArrayIndexOutOfBoundsException truncated) {
      return -1L;
    }
  }

  private long walk(byte[] cf) {
    if (ConstantPool.u2(cf, 0) != 0xCAFE || ConstantPool.u2(cf, 2) != 0xBABE) {
      return -1L;
    }
    long found = (needles.length >= MAX_NEEDLES ? bit(MAX_NEEDLES - 1) : 0) | alwaysFound;
    int count = ConstantPool.count(cf);
    int offset = ConstantPool.START;
    for (int i = 1; i < count; i++) {
      int size = ConstantPool.entrySize(cf, offset);
      if (size < 0) {
        return -1L; // a newer class file format: let every rule look
      }
      if (cf[offset] == ConstantPool.UTF8) {
        found |= match(cf, offset + 3, size - 3, found);
        if (found == all) {
          return -1L;
        }
      } else if (ConstantPool.takesTwoSlots(cf[offset])) {
        i++;
      }
      offset += size;
    }
    return found;
  }

  private long match(byte[] cf, int start, int length, long found) {
    long hits = 0;
    int[] sameLength = length < exactByLength.length ? exactByLength[length] : null;
    if (sameLength != null) {
      for (int n : sameLength) {
        if ((found & (1L << n)) == 0 && ConstantPool.regionEquals(cf, start, needles[n])) {
          hits |= 1L << n;
        }
      }
    }
    if (length >= shortestSubstring) {
      int end = start + length;
      for (int i = start; i < end; i++) {
        int[] candidates = substringsByFirstByte[cf[i] & 0xFF];
        if (candidates == null) {
          continue;
        }
        for (int n : candidates) {
          if (((found | hits) & (1L << n)) == 0 && ConstantPool.regionEquals(cf, i, end, needles[n])) {
            hits |= 1L << n;
          }
        }
      }
    }
    return hits;
  }
}
