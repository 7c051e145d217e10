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
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * {@code doChat(ChatRequest)} of every {@code ChatModel} implementation: the method each provider
 * module implements and the interface's {@code chat(...)} defaults call with the final request
 * (defaults merged), inside the model's listeners.
 */
public final class ChatModelInstrumentation implements TypeInstrumentation {

  /** Every class this can match mentions {@code dev/langchain4j/} (its methods' descriptors do). */
  @Override
  public java.util.List<String> classFileMustContain() {
    return java.util.Collections.singletonList("dev/langchain4j/");
  }

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return not(isInterface())
        .and(hasSuperType(named(LangChain4jInstrumentationModule.CHAT_MODEL)));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("doChat")
            .and(not(isAbstract()))
            .and(takesArguments(1))
            .and(takesArgument(0, named("dev.langchain4j.model.chat.request.ChatRequest"))),
        getClass().getName() + "$DoChatAdvice");
  }

  @SuppressWarnings("unused")
  public static final class DoChatAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(@Advice.This Object model, @Advice.Argument(0) Object request) {
      return ChatCalls.start(model, request, false);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object call, @Advice.Return Object response, @Advice.Thrown Throwable error) {
      ChatCalls.endBlocking(call, response, error);
    }
  }
}
