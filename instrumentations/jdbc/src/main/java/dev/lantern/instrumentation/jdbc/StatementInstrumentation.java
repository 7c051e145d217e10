package dev.lantern.instrumentation.jdbc;

import static dev.lantern.instrumentation.jdbc.JdbcMatchers.jdbcMethod;
import static dev.lantern.instrumentation.jdbc.JdbcMatchers.safeHasSuperType;
import static dev.lantern.agent.api.matcher.ElementMatchers.declaresMethod;
import static dev.lantern.agent.api.matcher.ElementMatchers.isInterface;
import static dev.lantern.agent.api.matcher.ElementMatchers.not;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.MethodInfo;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * {@code execute}, {@code executeQuery}, {@code executeUpdate}, {@code executeLargeUpdate} (with
 * and without SQL), {@code executeBatch}, {@code executeLargeBatch}, {@code addBatch} and {@code
 * clearBatch} of every class implementing {@code java.sql.Statement}, abstract ones included:
 * pools keep the implementations in abstract base classes (HikariCP's {@code ProxyStatement}).
 */
public final class StatementInstrumentation implements TypeInstrumentation {

  private static final ElementMatcher<MethodInfo> EXECUTE =
      jdbcMethod("execute", boolean.class)
          .or(jdbcMethod("executeQuery", "java.sql.ResultSet"))
          .or(jdbcMethod("executeUpdate", int.class))
          .or(jdbcMethod("executeLargeUpdate", long.class));

  private static final ElementMatcher<MethodInfo> BATCH =
      jdbcMethod("executeBatch", int[].class).or(jdbcMethod("executeLargeBatch", long[].class));

  private static final ElementMatcher<MethodInfo> ADD_BATCH =
      jdbcMethod("addBatch", void.class);

  private static final ElementMatcher<MethodInfo> CLEAR_BATCH =
      jdbcMethod("clearBatch", void.class).and(takesArguments(0));

  /**
   * Not part of the type matcher (almost every class declares a {@code close}): woven where a
   * statement class is matched anyway, which is where drivers and pools implement it.
   */
  static final ElementMatcher<MethodInfo> CLOSE = jdbcMethod("close", void.class).and(takesArguments(0));

  /**
   * A statement class mentions {@code java/sql/} (executeQuery returns a ResultSet, the driver
   * holds its Connection). A subclass that overrides only execute/executeUpdate and mentions no
   * java.sql type is skipped, but the super call it makes is still woven, so its statements are
   * still traced.
   */
  @Override
  public java.util.List<String> classFileMustContain() {
    return java.util.Collections.singletonList("java/sql/");
  }

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    // the hierarchy first: declaresMethod reflects on every method of every loaded class that the
    // start-up retransformation pass looks at, the supertype walk only reads names
    return not(isInterface())
        .and(safeHasSuperType("java.sql.Statement"))
        .and(declaresMethod(EXECUTE.or(BATCH).or(ADD_BATCH).or(CLEAR_BATCH)));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String prefix = getClass().getName();
    transformer.applyAdviceToMethod(
        EXECUTE.and(takesArgument(0, String.class)), prefix + "$ExecuteSqlAdvice");
    transformer.applyAdviceToMethod(EXECUTE.and(takesArguments(0)), prefix + "$ExecutePreparedAdvice");
    transformer.applyAdviceToMethod(BATCH.and(takesArguments(0)), prefix + "$ExecuteBatchAdvice");
    transformer.applyAdviceToMethod(
        ADD_BATCH.and(takesArguments(1)).and(takesArgument(0, String.class)), prefix + "$AddBatchSqlAdvice");
    transformer.applyAdviceToMethod(ADD_BATCH.and(takesArguments(0)), prefix + "$AddBatchAdvice");
    transformer.applyAdviceToMethod(CLEAR_BATCH, prefix + "$ClearBatchAdvice");
    transformer.applyAdviceToMethod(CLOSE, prefix + "$CloseAdvice");
  }

  @SuppressWarnings("unused")
  public static final class ExecuteSqlAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(@Advice.This Statement statement, @Advice.Argument(0) String sql) {
      return StatementCalls.startSql(statement, sql);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object call, @Advice.Thrown Throwable error) {
      StatementCalls.end(call, error);
    }
  }

  @SuppressWarnings("unused")
  public static final class ExecutePreparedAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(@Advice.This Statement statement) {
      return StatementCalls.startPrepared(statement);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object call, @Advice.Thrown Throwable error) {
      StatementCalls.end(call, error);
    }
  }

  @SuppressWarnings("unused")
  public static final class ExecuteBatchAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(@Advice.This Statement statement) {
      return StatementCalls.startBatch(statement);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object call, @Advice.Thrown Throwable error) {
      StatementCalls.end(call, error);
    }
  }

  @SuppressWarnings("unused")
  public static final class AddBatchSqlAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.This Statement statement, @Advice.Argument(0) String sql) {
      Batches.add(statement, sql);
    }
  }

  @SuppressWarnings("unused")
  public static final class AddBatchAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.This Statement statement) {
      Batches.addPrepared(statement);
    }
  }

  @SuppressWarnings("unused")
  public static final class ClearBatchAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.This Statement statement) {
      Batches.clear(statement);
    }
  }

  /**
   * A closed statement is forgotten at once. Left to the weak references, each prepared
   * statement's entry survived until a collection found the statement gone: at a thousand
   * requests a second, hundreds of entries copied and references processed in every young pause.
   */
  @SuppressWarnings("unused")
  public static final class CloseAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.This Statement statement) {
      StatementCalls.closed(statement);
    }
  }
}
