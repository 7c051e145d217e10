package dev.lantern.agent.install;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which rules (type instrumentations) may match a class, decided before its class file is parsed.
 * Every class the application loads comes through here, and almost none is instrumented, so this
 * must rule most classes out with a hash lookup or one pass over the constant pool.
 *
 * <p>Each rule is filed under what its type matcher guarantees about every match:
 * <ol>
 *   <li>the names a matching type must have ({@code named}, {@code namedOneOf}): a lookup;
 *   <li>otherwise constants its class file must hold (a method it must declare) and strings it
 *       must contain ({@code classFileMustContain}, a package of its hierarchy): one constant-pool
 *       scan for all such rules, and a rule needs each of its conditions met;
 *   <li>nothing known: the class is parsed and the matcher decides.
 * </ol>
 * Candidates are returned in the order the rules were added, which is the order advice nests in.
 */
final class CandidateRules<R> {

  private final Map<String, List<Entry<R>>> byName;
  /** The same rules by binary name ({@code a.b.C}), as loaded classes are named. */
  private final Map<String, List<Entry<R>>> byBinaryName = new HashMap<>();
  /** The distinct substrings as binary names, and the bit each stands for. */
  private final String[] binarySubstrings;
  private final long[] binarySubstringBits;
  private final long allSubstringBits;
  private final List<Entry<R>> scanned;
  private final List<Entry<R>> always;
  private final ConstantPoolScan scan;
  private final boolean scanNeedsClassFile;
  /** Some rule needs exact constants whatever the substrings: every class has its pool walked. */
  private final boolean constantsAlwaysNeeded;
  /** The substrings whose presence leaves a rule with exact constants in question. */
  private final long substringsNeedingConstants;

  private CandidateRules(Builder<R> b) {
    this.byName = b.byName;
    this.scanned = b.scanned;
    this.always = b.always;
    this.scan = ConstantPoolScan.of(b.constants, b.substrings);
    for (Map.Entry<String, List<Entry<R>>> e : byName.entrySet()) {
      byBinaryName.put(e.getKey().replace('/', '.'), e.getValue());
    }
    this.binarySubstrings = new String[b.substrings.size()];
    this.binarySubstringBits = new long[b.substrings.size()];
    for (int i = 0; i < binarySubstrings.length; i++) {
      binarySubstrings[i] = b.substrings.get(i).replace('/', '.');
      binarySubstringBits[i] = ConstantPoolScan.bit(b.constants.size() + i);
    }
    long all = 0;
    for (long bit : binarySubstringBits) {
      all |= bit;
    }
    this.allSubstringBits = all;
    boolean constantsOnly = false;
    for (Entry<R> e : scanned) {
      constantsOnly |= e.contained.isEmpty();
    }
    this.scanNeedsClassFile = constantsOnly;
    boolean always = false;
    long needing = 0;
    for (Entry<R> e : scanned) {
      if (e.constantBits != 0) {
        always |= e.substringBits == 0;
        needing |= e.substringBits;
      }
    }
    this.constantsAlwaysNeeded = always;
    this.substringsNeedingConstants = needing;
  }

  static <R> Builder<R> builder() {
    return new Builder<>();
  }

  /** The rules that may match the class being loaded; empty when none can. */
  List<R> forClassFile(String internalName, byte[] classFile) {
    List<Entry<R>> found = null;
    List<Entry<R>> named = byName.get(internalName);
    if (named != null) {
      found = new ArrayList<>(named);
    }
    if (!scanned.isEmpty()) {
      long bits = scan.substrings(classFile);
      if (needsConstants(bits)) {
        bits |= scan.constants(classFile);
      }
      // a scanned rule has at least one condition, so with nothing found (most classes) none is
      // a candidate
      if (bits != 0) {
        for (Entry<R> e : scanned) {
          // each is a condition every match fulfils, so a candidate needs both
          if ((e.constantBits == 0 || (bits & e.constantBits) != 0)
              && (e.substringBits == 0 || (bits & e.substringBits) != 0)) {
            found = add(found, e);
          }
        }
      }
    }
    if (!always.isEmpty()) {
      for (Entry<R> e : always) {
        found = add(found, e);
      }
    }
    return rules(found);
  }

  /**
   * The same question for a class that is already loaded. A string the class file must contain
   * stands for a package its hierarchy belongs to, so the names of its loaded supertypes are asked
   * instead, which is exact and cheap; only a rule with nothing but constants has the class file
   * read and scanned.
   */
  List<R> forLoaded(Class<?> type, Supplier<byte[]> classFile) {
    List<Entry<R>> found = null;
    List<Entry<R>> named = byBinaryName.get(type.getName());
    if (named != null) {
      found = new ArrayList<>(named);
    }
    long constantBits = 0;
    if (scanNeedsClassFile) {
      byte[] bytes = classFile.get();
      constantBits = bytes == null ? 0 : scan.constants(bytes);
    }
    // the hierarchy is walked once for all substrings, not once per rule
    long substringBits = binarySubstrings.length == 0 ? 0 : hierarchyBits(type, 0);
    if ((constantBits | substringBits) != 0) {
      for (Entry<R> e : scanned) {
        // a rule with substrings is judged by its hierarchy's names; one with only constants by
        // its class file
        if (!e.contained.isEmpty() ? (substringBits & e.substringBits) != 0 : (constantBits & e.constantBits) != 0) {
          found = add(found, e);
        }
      }
    }
    if (!always.isEmpty()) {
      for (Entry<R> e : always) {
        found = add(found, e);
      }
    }
    return rules(found);
  }

  /**
   * Whether a rule needing an exact constant is still in question once substrings are known.
   * Answered from two values fixed when the rules are built: this runs for every class loaded.
   */
  private boolean needsConstants(long substringBits) {
    return constantsAlwaysNeeded || (substringBits & substringsNeedingConstants) != 0;
  }

  private static <R> List<Entry<R>> add(List<Entry<R>> found, Entry<R> e) {
    List<Entry<R>> list = found == null ? new ArrayList<>(2) : found;
    list.add(e);
    return list;
  }

  private static <R> List<R> rules(List<Entry<R>> found) {
    if (found == null) {
      return Collections.emptyList();
    }
    if (found.size() > 1) {
      found.sort((a, b) -> Integer.compare(a.position, b.position));
    }
    List<R> rules = new ArrayList<>(found.size());
    for (Entry<R> e : found) {
      rules.add(e.rule);
    }
    return rules;
  }

  /** The bits of the substrings the names of {@code type} and all its supertypes hold. */
  private long hierarchyBits(Class<?> type, long bits) {
    for (Class<?> c = type; c != null && bits != allSubstringBits; c = c.getSuperclass()) {
      bits = interfaceBits(c, nameBits(c, bits));
    }
    return bits;
  }

  private long interfaceBits(Class<?> type, long bits) {
    for (Class<?> i : type.getInterfaces()) {
      if (bits == allSubstringBits) {
        break;
      }
      bits = interfaceBits(i, nameBits(i, bits));
    }
    return bits;
  }

  private long nameBits(Class<?> type, long bits) {
    String name = type.getName();
    for (int s = 0; s < binarySubstrings.length; s++) {
      if ((bits & binarySubstringBits[s]) == 0 && name.contains(binarySubstrings[s])) {
        bits |= binarySubstringBits[s];
      }
    }
    return bits;
  }

  /** A rule, where it was added, and for scanned rules the needles it needs one of. */
  private static final class Entry<R> {
    final R rule;
    final int position;
    long constantBits;
    long substringBits;
    final List<String> constants = new ArrayList<>();
    final List<String> contained = new ArrayList<>();

    Entry(R rule, int position) {
      this.rule = rule;
      this.position = position;
    }
  }

  static final class Builder<R> {
    private final Map<String, List<Entry<R>>> byName = new HashMap<>();
    private final List<Entry<R>> scanned = new ArrayList<>();
    private final List<Entry<R>> always = new ArrayList<>();
    private final List<String> constants = new ArrayList<>();
    private final List<String> substrings = new ArrayList<>();
    private int position;

    /**
     * @param names binary names a matching type must have, or null
     * @param constants constants a matching class file holds one of, or null
     * @param mustContain strings a matching class file contains one of (internal form), or empty
     */
    Builder<R> add(R rule, Set<String> names, Set<String> constants, Collection<String> mustContain) {
      Entry<R> e = new Entry<>(rule, position++);
      if (names != null) {
        for (String name : names) {
          byName.computeIfAbsent(name.replace('.', '/'), n -> new ArrayList<>(1)).add(e);
        }
        return this;
      }
      if (constants != null) {
        e.constants.addAll(constants);
      }
      if (mustContain != null && !mustContain.isEmpty()) {
        e.contained.addAll(mustContain);
      }
      (e.constants.isEmpty() && e.contained.isEmpty() ? always : scanned).add(e);
      return this;
    }

    CandidateRules<R> build() {
      // every distinct needle once: exact constants first, then substrings
      for (Entry<R> e : scanned) {
        addNew(this.constants, e.constants);
        addNew(substrings, e.contained);
      }
      for (Entry<R> e : scanned) {
        for (String c : e.constants) {
          e.constantBits |= ConstantPoolScan.bit(this.constants.indexOf(c));
        }
        for (String s : e.contained) {
          e.substringBits |= ConstantPoolScan.bit(this.constants.size() + substrings.indexOf(s));
        }
      }
      return new CandidateRules<>(this);
    }

    private static void addNew(List<String> needles, List<String> more) {
      for (String s : more) {
        if (!needles.contains(s)) {
          needles.add(s);
        }
      }
    }
  }
}
