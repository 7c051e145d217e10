package dev.lantern.agent.api.matcher;

/**
 * A condition on a type, a method or a class loader, as instrumentations declare what they
 * instrument. Built with the factories of {@link ElementMatchers} and combined with {@link #and}
 * and {@link #or}. Matchers run for every candidate class the agent inspects: they must be cheap
 * and must not throw (a matcher that throws counts as "no match").
 */
@FunctionalInterface
public interface ElementMatcher<T> {

  boolean matches(T target);

  /** Both this and {@code other}; the narrower element type of the two is kept. */
  default <U extends T> ElementMatcher<U> and(ElementMatcher<? super U> other) {
    ElementMatcher<T> self = this;
    return new ElementMatcher<U>() {
      @Override
      public boolean matches(U target) {
        return self.matches(target) && other.matches(target);
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
      public String toString() {
        return "(" + self + " or " + other + ")";
      }
    };
  }
}
