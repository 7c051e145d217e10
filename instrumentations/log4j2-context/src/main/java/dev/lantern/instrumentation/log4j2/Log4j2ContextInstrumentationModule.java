package dev.lantern.instrumentation.log4j2;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/** Log4j 2.7+: correlation entries in each event's context data (what {@code %X{key}} reads). */
public final class Log4j2ContextInstrumentationModule extends InstrumentationModule {

  public Log4j2ContextInstrumentationModule() {
    super("log4j2-context");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new ContextDataInjectorFactoryInstrumentation());
  }

  /** Log4j creates its injectors once, when it starts: a later retransform would miss them. */
  @Override
  public List<String> typesToAwait() {
    return Collections.singletonList(ContextDataInjectorFactoryInstrumentation.FACTORY);
  }
}
