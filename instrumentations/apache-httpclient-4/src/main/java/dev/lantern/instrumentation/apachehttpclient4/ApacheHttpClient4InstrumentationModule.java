package dev.lantern.instrumentation.apachehttpclient4;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/** Apache HttpClient 4.3–4.5 classic ({@code org.apache.http.impl.client}). */
public final class ApacheHttpClient4InstrumentationModule extends InstrumentationModule {

  public ApacheHttpClient4InstrumentationModule() {
    super("apache-httpclient-4");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new ClassicClientInstrumentation());
  }
}
