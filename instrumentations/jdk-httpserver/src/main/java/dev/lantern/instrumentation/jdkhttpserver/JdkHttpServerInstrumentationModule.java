package dev.lantern.instrumentation.jdkhttpserver;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/** The JDK's built-in HTTP server, {@code com.sun.net.httpserver}. */
public final class JdkHttpServerInstrumentationModule extends InstrumentationModule {

  public JdkHttpServerInstrumentationModule() {
    super("jdk-httpserver");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new HttpServerInstrumentation());
  }
}
