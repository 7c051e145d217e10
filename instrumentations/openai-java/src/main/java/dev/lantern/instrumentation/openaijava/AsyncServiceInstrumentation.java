package dev.lantern.instrumentation.openaijava;

import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.namedOneOf;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * {@code create(params, RequestOptions)} and {@code createStreaming(params, RequestOptions)} of the
 * async chat-completion, Responses and embedding services; the SDK's one-argument overloads
 * are interface defaults that call these.
 */
public final class AsyncServiceInstrumentation implements TypeInstrumentation {

  private static final String[] PARAMS = BlockingServiceInstrumentation.PARAMS;

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return namedOneOf(
        "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl",
        "com.openai.services.async.ResponseServiceAsyncImpl",
        "com.openai.services.async.EmbeddingServiceAsyncImpl");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("create").and(takesArguments(2)).and(takesArgument(0, namedOneOf(PARAMS))),
        getClass().getName() + "$CreateAdvice");
    transformer.applyAdviceToMethod(
        named("createStreaming").and(takesArguments(2)).and(takesArgument(0, namedOneOf(PARAMS))),
        getClass().getName() + "$CreateStreamingAdvice");
  }

  @SuppressWarnings("unused")
  public static final class CreateAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(
        @Advice.Argument(0) Object params, @Advice.FieldValue("clientOptions") Object options) {
      return OpenAiCalls.start(params, options, false);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object call, @Advice.Return Object result, @Advice.Thrown Throwable error) {
      OpenAiCalls.endAsync(call, result, error);
    }
  }

  @SuppressWarnings("unused")
  public static final class CreateStreamingAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(
        @Advice.Argument(0) Object params, @Advice.FieldValue("clientOptions") Object options) {
      return OpenAiCalls.start(params, options, true);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(index = 0, typing = Assigner.Typing.DYNAMIC)
    public static Object[] onExit(
        @Advice.Enter Object call, @Advice.Return Object stream, @Advice.Thrown Throwable error) {
      return OpenAiCalls.endAsyncStreaming(call, stream, error);
    }
  }
}
