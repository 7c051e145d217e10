package dev.lantern.instrumentation.servlet.v5_0;

import static dev.lantern.agent.api.matcher.ElementMatchers.declaresMethod;
import static dev.lantern.agent.api.matcher.ElementMatchers.hasSuperType;
import static dev.lantern.agent.api.matcher.ElementMatchers.isAbstract;
import static dev.lantern.agent.api.matcher.ElementMatchers.isInterface;
import static dev.lantern.agent.api.matcher.ElementMatchers.isPublic;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.not;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.MethodInfo;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;

/** {@code service(ServletRequest, ServletResponse)} of every {@code jakarta.servlet.Servlet}. */
public final class JakartaServletInstrumentation implements TypeInstrumentation {

  private static final ElementMatcher<MethodInfo> METHOD =
      named("service")
          .and(isPublic())
          .and(not(isAbstract()))
          .and(takesArguments(2))
          .and(takesArgument(0, named("jakarta.servlet.ServletRequest")))
          .and(takesArgument(1, named("jakarta.servlet.ServletResponse")));

  /** Every class this can match mentions {@code jakarta/servlet/} (its methods' descriptors do). */
  @Override
  public java.util.List<String> classFileMustContain() {
    return java.util.Collections.singletonList("jakarta/servlet/");
  }

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    // the cheap check on the type's own methods first: only declaring types get the hierarchy walk
    return declaresMethod(METHOD)
        .and(not(isInterface()))
        .and(hasSuperType(named("jakarta.servlet.Servlet")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(METHOD, getClass().getName() + "$ServiceAdvice");
  }

  @SuppressWarnings("unused")
  public static final class ServiceAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(
        @Advice.Argument(0) ServletRequest request, @Advice.Argument(1) ServletResponse response) {
      return JakartaServletTracing.enter(request, response);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object state, @Advice.Thrown Throwable error) {
      JakartaServletTracing.exit(state, error);
    }
  }
}
