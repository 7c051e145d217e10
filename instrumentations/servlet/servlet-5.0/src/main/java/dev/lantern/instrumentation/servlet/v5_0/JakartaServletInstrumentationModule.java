package dev.lantern.instrumentation.servlet.v5_0;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.matcher.ClassLoaderMatchers;
import java.util.Arrays;
import java.util.List;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * jakarta.servlet 5 to 6.1. Shares the switch name {@code servlet} with the javax module: users
 * switch "servlets" on or off, not API generations.
 */
public final class JakartaServletInstrumentationModule extends InstrumentationModule {

  public JakartaServletInstrumentationModule() {
    super("servlet");
  }

  /** Hierarchy matching only runs in loaders that see the API. */
  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasClassesNamed("jakarta.servlet.Filter", "jakarta.servlet.AsyncContext");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new JakartaServletInstrumentation(),
        new JakartaFilterInstrumentation(),
        new JakartaAsyncContextInstrumentation());
  }
}
