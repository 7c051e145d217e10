package dev.lantern.instrumentation.okhttp;

import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.namedOneOf;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;
import okhttp3.Call;

/**
 * {@code RealCall.enqueue(Callback)} ({@code okhttp3.RealCall} in 3.x, {@code
 * okhttp3.internal.connection.RealCall} in 4.x and 5.x): remembers the caller's context, which the
 * interceptor, running later on a dispatcher thread, uses as the span's parent.
 */
public final class RealCallInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return namedOneOf("okhttp3.RealCall", "okhttp3.internal.connection.RealCall");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("enqueue").and(takesArguments(1)), getClass().getName() + "$EnqueueAdvice");
  }

  @SuppressWarnings("unused")
  public static final class EnqueueAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void onEnter(@Advice.This Call call) {
      CallerContexts.capture(call);
    }
  }
}
