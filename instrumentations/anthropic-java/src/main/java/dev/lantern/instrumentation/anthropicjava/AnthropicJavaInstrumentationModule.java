package dev.lantern.instrumentation.anthropicjava;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.genai.GenAiSettings;
import java.util.Collections;
import java.util.List;

/** The official Anthropic Java SDK, {@code com.anthropic:anthropic-java}. */
public final class AnthropicJavaInstrumentationModule extends InstrumentationModule {

  public AnthropicJavaInstrumentationModule() {
    super("anthropic-java");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new MessageServiceInstrumentation());
  }

  @Override
  public List<String> configKeys() {
    return GenAiSettings.CONFIG_KEYS;
  }
}
