package dev.lantern.instrumentation.jdbc;

import static dev.lantern.instrumentation.jdbc.JdbcMatchers.jdbcMethod;
import static dev.lantern.instrumentation.jdbc.JdbcMatchers.safeHasSuperType;
import static dev.lantern.agent.api.matcher.ElementMatchers.declaresMethod;
import static dev.lantern.agent.api.matcher.ElementMatchers.isInterface;
import static dev.lantern.agent.api.matcher.ElementMatchers.not;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.MethodInfo;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * {@code prepareStatement(String, ...)} and {@code prepareCall(String, ...)} of every class
 * implementing {@code java.sql.Connection}: the SQL is remembered for the returned statement.
 */
public final class ConnectionInstrumentation implements TypeInstrumentation {

  private static final ElementMatcher<MethodInfo> PREPARE =
      jdbcMethod("prepareStatement", "java.sql.PreparedStatement")
          .or(jdbcMethod("prepareCall", "java.sql.CallableStatement"))
          .and(takesArgument(0, String.class));

  /** Every class this can match mentions {@code java/sql/} (its methods' descriptors do). */
  @Override
  public java.util.List<String> classFileMustContain() {
    return java.util.Collections.singletonList("java/sql/");
  }

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    // the hierarchy first: declaresMethod reflects on every method of every loaded class that the
    // start-up retransformation pass looks at, the supertype walk only reads names
    return not(isInterface())
        .and(safeHasSuperType("java.sql.Connection"))
        .and(declaresMethod(PREPARE));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(PREPARE, getClass().getName() + "$PrepareAdvice");
  }

  @SuppressWarnings("unused")
  public static final class PrepareAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.Argument(0) String sql, @Advice.Return Object statement) {
      PreparedQueries.remember(statement, sql);
    }
  }
}
