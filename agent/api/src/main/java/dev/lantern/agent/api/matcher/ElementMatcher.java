package dev.lantern.agent.api.matcher;

import java.util.HashSet;
import java.util.Set;

/**
 * A condition on a type, a method or a class loader, as instrumentations declare what they
 * instrument. Built with the factories of {@link ElementMatchers} and combined with {@link #and}
 * and {@link #or}. Matchers run for every candidate class the agent inspects: they must be cheap
 * and must not throw (a matcher that throws counts as "no match").
 *
 * <p>Matchers built from {@link ElementMatchers} also say what every match has in common, so that
 * the agent can rule a class out before it parses its class file: {@link #requiredNames()} and
 * {@link #requiredConstants()}. Both may only be narrower than the truth, never wrong.
 */
@FunctionalInterface
public interface ElementMatcher<T> {

  boolean matches(T target);

  /**
   * The names a matching element must have (a type's binary name, a method's name); null when this
   * matcher does not restrict the name.
   */
  default Set<String> requiredNames() {
    return null;
  }

  /**
   * For type matchers: strings of which a matching type's class file holds at least one as a
   * constant (for example a method name the type must declare); null when not known.
   */
  default Set<String> requiredConstants() {
    return null;
  }

  /** Both this and {@code other}; the narrower element type of the two is kept. */
  default <U extends T> ElementMatcher<U> and(ElementMatcher<? super U> other) {
    ElementMatcher<T> self = this;
    return new ElementMatcher<U>() {
      @Override
      public boolean matches(U target) {
        return self.matches(target) && other.matches(target);
      }

      @Override
      public Set<String> requiredNames() {
        return narrower(self.requiredNames(), other.requiredNames());
      }

      @Override
      public Set<String> requiredConstants() {
        // "one of A" and "one of B" may hold through different members: either side, never both
        Set<String> own = self.requiredConstants();
        return own != null ? own : other.requiredConstants();
      }

      @Override
      public String toString() {
        return "(" + self + " and " + other + ")";
      }
    };
  }

  /** This or {@code other}. */
  default <U extends T> ElementMatcher<U> or(ElementMatcher<? super U> other) {
    ElementMatcher<T> self = this;
    return new ElementMatcher<U>() {
      @Override
      public boolean matches(U target) {
        return self.matches(target) || other.matches(target);
      }

      @Override
      public Set<String> requiredNames() {
        return union(self.requiredNames(), other.requiredNames());
      }

      @Override
      public Set<String> requiredConstants() {
        return union(self.requiredConstants(), other.requiredConstants());
      }

      @Override
      public String toString() {
        return "(" + self + " or " + other + ")";
      }
    };
  }

  /** The names both of two conditions allow: their intersection, or the one that is known. */
  static Set<String> narrower(Set<String> a, Set<String> b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    Set<String> both = new HashSet<>(a);
    both.retainAll(b);
    return both;
  }

  /** What either of two conditions requires: known only when both are. */
  static Set<String> union(Set<String> a, Set<String> b) {
    if (a == null || b == null) {
      return null;
    }
    Set<String> either = new HashSet<>(a);
    either.addAll(b);
    return either;
  }
}
