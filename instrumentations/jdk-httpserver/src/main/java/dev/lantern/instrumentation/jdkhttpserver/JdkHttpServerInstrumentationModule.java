package dev.lantern.instrumentation.jdkhttpserver;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The JDK's built-in HTTP server, {@code com.sun.net.httpserver}. */
public final class JdkHttpServerInstrumentationModule extends InstrumentationModule {

  static final List<String> SERVER_TYPES =
      Arrays.asList("sun.net.httpserver.HttpServerImpl", "sun.net.httpserver.HttpsServerImpl");

  public JdkHttpServerInstrumentationModule() {
    super("jdk-httpserver");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new HttpServerInstrumentation());
  }

  /** Contexts created before the filter hook is woven would stay untraced. */
  @Override
  public List<String> typesToAwait() {
    return SERVER_TYPES;
  }
}
