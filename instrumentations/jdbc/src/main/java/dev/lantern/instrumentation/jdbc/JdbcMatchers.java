package dev.lantern.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matchers for JDBC implementations, which come from any driver, pool or framework. The expensive
 * part, walking a class's supertypes (which reads their class files), only runs for classes that
 * themselves declare a method shaped like the JDBC one; everything else is rejected from its own
 * class file.
 */
final class JdbcMatchers {

  private JdbcMatchers() {}

  /** A concrete public method with this name and return type, as JDBC declares it. */
  static ElementMatcher.Junction<MethodDescription> jdbcMethod(String name, Class<?> returnType) {
    return named(name).and(returns(returnType)).and(isPublic()).and(not(isAbstract())).and(not(isBridge()));
  }

  static ElementMatcher.Junction<MethodDescription> jdbcMethod(String name, String returnTypeName) {
    return named(name)
        .and(returns(named(returnTypeName)))
        .and(isPublic())
        .and(not(isAbstract()))
        .and(not(isBridge()));
  }

  /**
   * {@code hasSuperType(named(name))} that answers false instead of throwing when a supertype
   * cannot be resolved (an optional dependency missing from the class path).
   */
  static ElementMatcher.Junction<TypeDescription> safeHasSuperType(String name) {
    ElementMatcher<TypeDescription> delegate = hasSuperType(named(name));
    return new ElementMatcher.Junction.AbstractBase<TypeDescription>() {
      @Override
      public boolean matches(TypeDescription type) {
        try {
          return delegate.matches(type);
        } catch (RuntimeException | LinkageError e) {
          return false;
        }
      }

      @Override
      public String toString() {
        return "safeHasSuperType(" + name + ")";
      }
    };
  }
}
