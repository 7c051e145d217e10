package dev.lantern.instrumentation.jdbc;

import static dev.lantern.agent.api.matcher.ElementMatchers.hasSuperType;
import static dev.lantern.agent.api.matcher.ElementMatchers.isAbstract;
import static dev.lantern.agent.api.matcher.ElementMatchers.isBridge;
import static dev.lantern.agent.api.matcher.ElementMatchers.isPublic;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.not;
import static dev.lantern.agent.api.matcher.ElementMatchers.returns;

import dev.lantern.agent.api.matcher.MethodInfo;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * Matchers for JDBC implementations, which come from any driver, pool or framework. The expensive
 * part, walking a class's supertypes (which reads their class files), only runs for classes that
 * themselves declare a method shaped like the JDBC one; everything else is rejected from its own
 * class file.
 */
final class JdbcMatchers {

  private JdbcMatchers() {}

  /** A concrete public method with this name and return type, as JDBC declares it. */
  static ElementMatcher<MethodInfo> jdbcMethod(String name, Class<?> returnType) {
    return named(name).and(returns(returnType)).and(isPublic()).and(not(isAbstract())).and(not(isBridge()));
  }

  static ElementMatcher<MethodInfo> jdbcMethod(String name, String returnTypeName) {
    return named(name)
        .and(returns(named(returnTypeName)))
        .and(isPublic())
        .and(not(isAbstract()))
        .and(not(isBridge()));
  }

  /**
   * {@code hasSuperType(named(name))}; kept as a name of its own because JDBC matching leans on
   * it: a supertype that cannot be resolved (an optional dependency missing from the class path)
   * is skipped by the agent's hierarchy walk, so this answers false instead of failing.
   */
  static ElementMatcher<TypeInfo> safeHasSuperType(String name) {
    return hasSuperType(named(name));
  }
}
