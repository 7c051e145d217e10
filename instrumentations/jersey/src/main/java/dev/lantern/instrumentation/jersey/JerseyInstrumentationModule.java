package dev.lantern.instrumentation.jersey;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.matcher.ClassLoaderMatchers;
import java.util.Collections;
import java.util.List;
import dev.lantern.agent.api.matcher.ElementMatcher;

/** Jersey 2 and 3 (JAX-RS on javax.ws.rs and jakarta.ws.rs): the matched resource's route template. */
public final class JerseyInstrumentationModule extends InstrumentationModule {

  public JerseyInstrumentationModule() {
    super("jersey");
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasClassesNamed(ResourceMethodInvokerInstrumentation.TYPE);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new ResourceMethodInvokerInstrumentation());
  }
}
