package dev.lantern.instrumentation.logback;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/** Logback 1.2 to 1.5: correlation entries in each event's MDC. */
public final class LogbackMdcInstrumentationModule extends InstrumentationModule {

  public LogbackMdcInstrumentationModule() {
    super("logback-mdc");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new LoggingEventInstrumentation());
  }
}
