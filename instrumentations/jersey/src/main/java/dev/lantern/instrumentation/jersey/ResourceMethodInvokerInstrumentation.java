package dev.lantern.instrumentation.jersey;

import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * {@code ResourceMethodInvoker.apply(RequestProcessingContext)}: Jersey has routed the request to
 * a resource method and is about to invoke it, so the templates it matched are known.
 */
public final class ResourceMethodInvokerInstrumentation implements TypeInstrumentation {

  static final String TYPE = "org.glassfish.jersey.server.model.ResourceMethodInvoker";

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return named(TYPE);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("apply")
            .and(takesArguments(1))
            .and(
                takesArgument(
                    0, named("org.glassfish.jersey.server.internal.process.RequestProcessingContext"))),
        getClass().getName() + "$ApplyAdvice");
  }

  @SuppressWarnings("unused")
  public static final class ApplyAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void onEnter(@Advice.Argument(0) Object processingContext) {
      JerseyRoute.update(processingContext);
    }
  }
}
