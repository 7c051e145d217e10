package dev.lantern.instrumentation.javahttpclient;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/** The JDK's {@code java.net.http.HttpClient} (Java 11+). */
public final class JavaHttpClientInstrumentationModule extends InstrumentationModule {

  public JavaHttpClientInstrumentationModule() {
    super("java-http-client");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new HttpClientInstrumentation());
  }
}
