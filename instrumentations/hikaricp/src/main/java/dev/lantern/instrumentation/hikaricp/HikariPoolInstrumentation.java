package dev.lantern.instrumentation.hikaricp;

import static dev.lantern.agent.api.matcher.ElementMatchers.isConstructor;
import static dev.lantern.agent.api.matcher.ElementMatchers.isPublic;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import com.zaxxer.hikari.HikariConfig;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * {@code HikariPool(HikariConfig)} registers the pool's gauges, {@code getConnection(long)} times
 * the wait for a connection, {@code shutdown()} removes the gauges.
 */
public final class HikariPoolInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return named("com.zaxxer.hikari.pool.HikariPool");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String prefix = getClass().getName();
    transformer.applyAdviceToMethod(
        isConstructor().and(takesArgument(0, named("com.zaxxer.hikari.HikariConfig"))),
        prefix + "$ConstructorAdvice");
    transformer.applyAdviceToMethod(
        named("getConnection").and(isPublic()).and(takesArguments(long.class)),
        prefix + "$GetConnectionAdvice");
    transformer.applyAdviceToMethod(
        named("shutdown").and(takesArguments(0)), prefix + "$ShutdownAdvice");
  }

  @SuppressWarnings("unused")
  public static final class ConstructorAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.This Object pool, @Advice.Argument(0) HikariConfig config) {
      HikariPools.register(pool, config);
    }
  }

  @SuppressWarnings("unused")
  public static final class GetConnectionAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static long onEnter() {
      return System.nanoTime();
    }

    /** {@code config} (PoolBase's) lets a pool built before the agent was ready register late. */
    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.This Object pool,
        @Advice.FieldValue("config") HikariConfig config,
        @Advice.Enter long startNanos,
        @Advice.Thrown Throwable error) {
      HikariPools.connectionRequested(pool, config, startNanos, error);
    }
  }

  @SuppressWarnings("unused")
  public static final class ShutdownAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.This Object pool) {
      HikariPools.unregister(pool);
    }
  }
}
