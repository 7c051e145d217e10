package dev.lantern.instrumentation.langchain4j;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.genai.GenAiSettings;
import java.util.Arrays;
import java.util.List;
import dev.lantern.agent.api.matcher.ClassLoaderMatchers;
import dev.lantern.agent.api.matcher.ElementMatcher;

/** LangChain4j 1.x chat models ({@code dev.langchain4j:langchain4j-core}), any provider module. */
public final class LangChain4jInstrumentationModule extends InstrumentationModule {

  static final String CHAT_MODEL = "dev.langchain4j.model.chat.ChatModel";
  static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.chat.StreamingChatModel";

  public LangChain4jInstrumentationModule() {
    super("langchain4j");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new ChatModelInstrumentation(), new StreamingChatModelInstrumentation());
  }

  @Override
  public List<String> configKeys() {
    return GenAiSettings.CONFIG_KEYS;
  }

  /** The hierarchy matchers run only in loaders that see LangChain4j's chat model interface. */
  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return ClassLoaderMatchers.hasClassesNamed(CHAT_MODEL);
  }
}
