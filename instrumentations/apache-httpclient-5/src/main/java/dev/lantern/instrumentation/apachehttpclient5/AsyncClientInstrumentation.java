package dev.lantern.instrumentation.apachehttpclient5;

import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import dev.lantern.agent.api.matcher.ElementMatcher;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;

/**
 * {@code InternalAbstractHttpAsyncClient.doExecute(HttpHost, AsyncRequestProducer,
 * AsyncResponseConsumer, HandlerFactory, HttpContext, FutureCallback)}, where every {@code
 * execute} overload of the clients {@code HttpAsyncClients} builds (HTTP/1.1 and HTTP/2) ends:
 * the producer is wrapped to start the span and add the headers when the request is handed to
 * the exec chain, the callback (added when the application passed none) to end it.
 */
public final class AsyncClientInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return named("org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("doExecute")
            .and(takesArguments(6))
            .and(takesArgument(1, named("org.apache.hc.core5.http.nio.AsyncRequestProducer")))
            .and(takesArgument(5, named("org.apache.hc.core5.concurrent.FutureCallback"))),
        getClass().getName() + "$DoExecuteAdvice");
  }

  @SuppressWarnings("unused")
  public static final class DoExecuteAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments({
      @Advice.AssignReturned.ToArguments.ToArgument(
          value = 1,
          index = 0,
          typing = Assigner.Typing.DYNAMIC),
      @Advice.AssignReturned.ToArguments.ToArgument(
          value = 5,
          index = 1,
          typing = Assigner.Typing.DYNAMIC)
    })
    public static Object[] onEnter(
        @Advice.Argument(0) HttpHost target,
        @Advice.Argument(1) AsyncRequestProducer producer,
        @Advice.Argument(5) FutureCallback<?> callback) {
      return AsyncCalls.wrap(target, producer, callback);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object[] state, @Advice.Thrown Throwable error) {
      AsyncCalls.exit(state, error);
    }
  }
}
