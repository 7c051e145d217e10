package dev.lantern.instrumentation.apachehttpclient5;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/** Apache HttpClient 5.x ({@code org.apache.hc.client5}), classic and async. */
public final class ApacheHttpClient5InstrumentationModule extends InstrumentationModule {

  public ApacheHttpClient5InstrumentationModule() {
    super("apache-httpclient-5");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new ClassicClientInstrumentation(), new AsyncClientInstrumentation());
  }
}
