package dev.lantern.instrumentation.javahttpclient;

import static dev.lantern.agent.api.matcher.ElementMatchers.isPublic;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.namedOneOf;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * {@code send(HttpRequest, BodyHandler)} and the public {@code sendAsync} overloads of the JDK's
 * client implementation and of the facade it hands out; the facade's call into the
 * implementation is the same client call and yields no second span.
 */
public final class HttpClientInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return namedOneOf(
        "jdk.internal.net.http.HttpClientImpl", "jdk.internal.net.http.HttpClientFacade");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("send")
            .and(isPublic())
            .and(takesArguments(2))
            .and(takesArgument(0, named("java.net.http.HttpRequest"))),
        getClass().getName() + "$SendAdvice");
    transformer.applyAdviceToMethod(
        named("sendAsync").and(isPublic()).and(takesArgument(0, named("java.net.http.HttpRequest"))),
        getClass().getName() + "$SendAsyncAdvice");
  }

  @SuppressWarnings("unused")
  public static final class SendAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(
            value = 0,
            index = 0,
            typing = Assigner.Typing.DYNAMIC))
    public static Object[] onEnter(@Advice.Argument(0) HttpRequest request) {
      return ClientCalls.start(request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object[] state,
        @Advice.Return HttpResponse<?> response,
        @Advice.Thrown Throwable error) {
      ClientCalls.endSend(state, response, error);
    }
  }

  @SuppressWarnings("unused")
  public static final class SendAsyncAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(
            value = 0,
            index = 0,
            typing = Assigner.Typing.DYNAMIC))
    public static Object[] onEnter(@Advice.Argument(0) HttpRequest request) {
      return ClientCalls.start(request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object[] state,
        @Advice.Return CompletableFuture<? extends HttpResponse<?>> future,
        @Advice.Thrown Throwable error) {
      ClientCalls.endSendAsync(state, future, error);
    }
  }
}
