package dev.lantern.instrumentation.okhttp;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** OkHttp 3.9+ (3.x), 4.x and 5.x. */
public final class OkHttpInstrumentationModule extends InstrumentationModule {

  public OkHttpInstrumentationModule() {
    super("okhttp");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new OkHttpClientInstrumentation(), new RealCallInstrumentation());
  }

  /** A client built before the constructor is woven would never get the interceptor. */
  @Override
  public List<String> typesToAwait() {
    return Collections.singletonList(OkHttpClientInstrumentation.CLIENT);
  }
}
