package dev.lantern.instrumentation.servlet.v3_0;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import dev.lantern.instrumentation.servlet.common.AsyncTasks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code start(Runnable)} of every {@code javax.servlet.AsyncContext}: the task runs in the request's context. */
public final class JavaxAsyncContextInstrumentation implements TypeInstrumentation {

  private static final ElementMatcher.Junction<MethodDescription> METHOD =
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
  public ElementMatcher<TypeDescription> typeMatcher() {
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
