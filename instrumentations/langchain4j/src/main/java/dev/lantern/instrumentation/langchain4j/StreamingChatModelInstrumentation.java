package dev.lantern.instrumentation.langchain4j;

import static dev.lantern.agent.api.matcher.ElementMatchers.hasSuperType;
import static dev.lantern.agent.api.matcher.ElementMatchers.isAbstract;
import static dev.lantern.agent.api.matcher.ElementMatchers.isInterface;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.not;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * {@code doChat(ChatRequest, StreamingChatResponseHandler)} of every {@code StreamingChatModel}
 * implementation; the handler is replaced by one that forwards every call and ends the span on
 * the complete response or the error.
 */
public final class StreamingChatModelInstrumentation implements TypeInstrumentation {

  /** Every class this can match mentions {@code dev/langchain4j/} (its methods' descriptors do). */
  @Override
  public java.util.List<String> classFileMustContain() {
    return java.util.Collections.singletonList("dev/langchain4j/");
  }

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return not(isInterface())
        .and(hasSuperType(named(LangChain4jInstrumentationModule.STREAMING_CHAT_MODEL)));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("doChat")
            .and(not(isAbstract()))
            .and(takesArguments(2))
            .and(takesArgument(0, named("dev.langchain4j.model.chat.request.ChatRequest")))
            .and(
                takesArgument(
                    1, named("dev.langchain4j.model.chat.response.StreamingChatResponseHandler"))),
        getClass().getName() + "$DoChatAdvice");
  }

  @SuppressWarnings("unused")
  public static final class DoChatAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(
            value = 1,
            index = 0,
            typing = Assigner.Typing.DYNAMIC))
    public static Object[] onEnter(
        @Advice.This Object model,
        @Advice.Argument(0) Object request,
        @Advice.Argument(1) Object handler) {
      return ChatCalls.startStreaming(model, request, handler);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object[] state, @Advice.Thrown Throwable error) {
      ChatCalls.endStreamingCall(state, error);
    }
  }
}
