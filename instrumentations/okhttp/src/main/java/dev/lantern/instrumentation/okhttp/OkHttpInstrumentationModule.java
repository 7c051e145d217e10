package dev.lantern.instrumentation.okhttp;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Arrays;
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
}
