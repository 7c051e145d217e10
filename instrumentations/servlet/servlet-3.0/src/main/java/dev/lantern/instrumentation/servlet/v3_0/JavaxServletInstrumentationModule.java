package dev.lantern.instrumentation.servlet.v3_0;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.matcher.ClassLoaderMatchers;
import java.util.Arrays;
import java.util.List;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * javax.servlet 3.0 to 4.0. Shares the switch name {@code servlet} with the jakarta module: users
 * switch "servlets" on or off, not API generations.
 */
public final class JavaxServletInstrumentationModule extends InstrumentationModule {

  public JavaxServletInstrumentationModule() {
    super("servlet");
  }

  /** Hierarchy matching only runs in loaders that see the API; AsyncContext was added in 3.0. */
  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasClassesNamed("javax.servlet.Filter", "javax.servlet.AsyncContext");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new JavaxServletInstrumentation(),
        new JavaxFilterInstrumentation(),
        new JavaxAsyncContextInstrumentation());
  }
}
