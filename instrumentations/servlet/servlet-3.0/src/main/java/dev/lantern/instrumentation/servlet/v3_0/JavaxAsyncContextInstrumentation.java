package dev.lantern.instrumentation.servlet.v3_0;

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
import dev.lantern.instrumentation.servlet.common.AsyncTasks;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.MethodInfo;
import dev.lantern.agent.api.matcher.TypeInfo;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import dev.lantern.agent.api.matcher.ElementMatcher;

/** {@code start(Runnable)} of every {@code javax.servlet.AsyncContext}: the task runs in the request's context. */
public final class JavaxAsyncContextInstrumentation implements TypeInstrumentation {

  private static final ElementMatcher<MethodInfo> METHOD =
      named("start")
          .and(isPublic())
          .and(not(isAbstract()))
          .and(takesArguments(1))
          .and(takesArgument(0, Runnable.class));

  /** Every class this can match mentions {@code javax/servlet/} (its methods' descriptors do). */
  @Override
  public java.util.List<String> classFileMustContain() {
    return java.util.Collections.singletonList("javax/servlet/");
  }

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    // the cheap check on the type's own methods first: only declaring types get the hierarchy walk
    return declaresMethod(METHOD)
        .and(not(isInterface()))
        .and(hasSuperType(named("javax.servlet.AsyncContext")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(METHOD, getClass().getName() + "$StartAdvice");
  }

  @SuppressWarnings("unused")
  public static final class StartAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(
            value = 0,
            index = 0,
            typing = Assigner.Typing.DYNAMIC))
    public static Object[] onEnter(@Advice.Argument(0) Runnable task) {
      Runnable wrapped = AsyncTasks.wrap(task);
      return wrapped == null ? null : new Object[] {wrapped};
    }
  }
}
