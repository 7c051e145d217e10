package dev.lantern.instrumentation.anthropicjava;

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
 * {@code create(MessageCreateParams, RequestOptions)} and {@code createStreaming(...)} of the
 * blocking and async message services; the one-argument overloads are interface defaults.
 */
public final class MessageServiceInstrumentation implements TypeInstrumentation {

  private static final String PARAMS = "com.anthropic.models.messages.MessageCreateParams";

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return namedOneOf(
        "com.anthropic.services.blocking.MessageServiceImpl",
        "com.anthropic.services.async.MessageServiceAsyncImpl");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("create").and(takesArguments(2)).and(takesArgument(0, named(PARAMS))),
        getClass().getName() + "$CreateAdvice");
    transformer.applyAdviceToMethod(
        named("createStreaming").and(takesArguments(2)).and(takesArgument(0, named(PARAMS))),
        getClass().getName() + "$CreateStreamingAdvice");
  }

  @SuppressWarnings("unused")
  public static final class CreateAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(
        @Advice.Argument(0) Object params, @Advice.FieldValue("clientOptions") Object options) {
      return AnthropicCalls.start(params, options, false);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object call, @Advice.Return Object result, @Advice.Thrown Throwable error) {
      AnthropicCalls.endCreate(call, result, error);
    }
  }

  @SuppressWarnings("unused")
  public static final class CreateStreamingAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(
        @Advice.Argument(0) Object params, @Advice.FieldValue("clientOptions") Object options) {
      return AnthropicCalls.start(params, options, true);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(index = 0, typing = Assigner.Typing.DYNAMIC)
    public static Object[] onExit(
        @Advice.Enter Object call, @Advice.Return Object stream, @Advice.Thrown Throwable error) {
      return AnthropicCalls.endStreaming(call, stream, error);
    }
  }
}
