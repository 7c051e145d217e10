package dev.lantern.instrumentation.log4j2;

import static dev.lantern.agent.api.matcher.ElementMatchers.isStatic;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import dev.lantern.agent.api.matcher.ElementMatcher;
import org.apache.logging.log4j.core.ContextDataInjector;

/**
 * {@code ContextDataInjectorFactory.createInjector()}: every event factory gets its injector
 * here; the injector it returns is wrapped so each event's context data also carries the
 * request's correlation entries.
 */
public final class ContextDataInjectorFactoryInstrumentation implements TypeInstrumentation {

  static final String FACTORY =
      "org.apache.logging.log4j.core.impl.ContextDataInjectorFactory";

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return named(FACTORY);
  }


  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("createInjector").and(isStatic()).and(takesArguments(0)),
        getClass().getName() + "$CreateInjectorAdvice");
  }

  @SuppressWarnings("unused")
  public static final class CreateInjectorAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static ContextDataInjector onExit(@Advice.Return ContextDataInjector injector) {
      return CorrelatingContextDataInjector.wrap(injector);
    }
  }
}
