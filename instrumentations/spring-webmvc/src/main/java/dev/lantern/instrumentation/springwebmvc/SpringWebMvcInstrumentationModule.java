package dev.lantern.instrumentation.springwebmvc;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.matcher.ClassLoaderMatchers;
import java.util.Collections;
import java.util.List;
import dev.lantern.agent.api.matcher.ElementMatcher;

/** Spring MVC 5 to 7: the route template of the handler that serves the request. */
public final class SpringWebMvcInstrumentationModule extends InstrumentationModule {

  public SpringWebMvcInstrumentationModule() {
    super("spring-webmvc");
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasClassesNamed("org.springframework.web.servlet.DispatcherServlet");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new DispatcherServletInstrumentation());
  }
}
