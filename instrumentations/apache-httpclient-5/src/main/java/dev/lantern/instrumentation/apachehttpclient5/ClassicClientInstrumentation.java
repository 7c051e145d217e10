package dev.lantern.instrumentation.apachehttpclient5;

import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.namedOneOf;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;

/**
 * {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)} of {@code InternalHttpClient} and
 * {@code MinimalHttpClient}: every {@code execute}/{@code executeOpen} overload ends there, once
 * per logical request, with the exec chain (redirects, retries) inside.
 */
public final class ClassicClientInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return namedOneOf(
        "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
        "org.apache.hc.client5.http.impl.classic.MinimalHttpClient");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("doExecute")
            .and(takesArguments(3))
            .and(takesArgument(0, named("org.apache.hc.core5.http.HttpHost")))
            .and(takesArgument(1, named("org.apache.hc.core5.http.ClassicHttpRequest"))),
        getClass().getName() + "$DoExecuteAdvice");
  }

  @SuppressWarnings("unused")
  public static final class DoExecuteAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(
        @Advice.Argument(0) HttpHost target, @Advice.Argument(1) ClassicHttpRequest request) {
      return ClassicCalls.start(target, request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object call,
        @Advice.Return HttpResponse response,
        @Advice.Thrown Throwable error) {
      ClassicCalls.end(call, response, error);
    }
  }
}
