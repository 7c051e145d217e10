package dev.lantern.instrumentation.httpurlconnection;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/** {@code java.net.HttpURLConnection} as the JDK implements it for http and https URLs. */
public final class HttpUrlConnectionInstrumentationModule extends InstrumentationModule {

  public HttpUrlConnectionInstrumentationModule() {
    super("http-url-connection");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new UrlConnectionInstrumentation());
  }
}
