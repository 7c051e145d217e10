package dev.lantern.instrumentation.logback;

import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import dev.lantern.agent.api.log.LogCorrelation;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * {@code LoggingEvent.getMDCPropertyMap()}: the map every {@code %X{key}} conversion and encoder
 * reads. The augmented map is also stored in the event's own field, so an async appender that
 * formats the event later on another thread still sees the request's values.
 */
public final class LoggingEventInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return named("ch.qos.logback.classic.spi.LoggingEvent");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("getMDCPropertyMap").and(takesArguments(0)),
        getClass().getName() + "$GetMdcAdvice");
  }

  @SuppressWarnings("unused")
  public static final class GetMdcAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(index = 0, typing = Assigner.Typing.DYNAMIC)
    @Advice.AssignReturned.ToFields(
        @Advice.AssignReturned.ToFields.ToField(
            value = "mdcPropertyMap",
            index = 1,
            typing = Assigner.Typing.DYNAMIC))
    public static Object[] onExit(@Advice.Return Map<String, String> mdc) {
      Map<String, String> withCorrelation = LogCorrelation.addTo(mdc);
      return withCorrelation == mdc ? null : new Object[] {withCorrelation, withCorrelation};
    }
  }
}
