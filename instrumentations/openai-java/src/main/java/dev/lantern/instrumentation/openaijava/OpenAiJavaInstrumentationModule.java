package dev.lantern.instrumentation.openaijava;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.genai.GenAiSettings;
import java.util.Arrays;
import java.util.List;

/** The official OpenAI Java SDK, {@code com.openai:openai-java} 2.x to 4.x. */
public final class OpenAiJavaInstrumentationModule extends InstrumentationModule {

  public OpenAiJavaInstrumentationModule() {
    super("openai-java");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new BlockingServiceInstrumentation(), new AsyncServiceInstrumentation());
  }

  @Override
  public List<String> configKeys() {
    return GenAiSettings.CONFIG_KEYS;
  }
}
