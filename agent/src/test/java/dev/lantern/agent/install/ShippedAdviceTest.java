package dev.lantern.agent.install;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Advice classes are read when a class first needs them, not at start-up; so that a missing or
 * unreadable advice class is still a build failure and not a surprise in production, every advice
 * class the shipped instrumentations name is read here.
 */
class ShippedAdviceTest {

  @Test
  void everyAdviceClassOfEveryShippedInstrumentationExistsAndReads() throws Exception {
    List<String> adviceNames = new ArrayList<>();
    int modules = 0;
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
      modules++;
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        type.transform((methods, adviceClassName) -> adviceNames.add(adviceClassName));
      }
    }
    assertTrue(modules >= 15, "the instrumentation modules are on the test class path: " + modules);
    assertTrue(adviceNames.size() >= modules, adviceNames.toString());
    for (String name : adviceNames) {
      byte[] classFile;
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
        assertNotNull(in, "advice class not found: " + name);
        classFile = in.readAllBytes();
      }
      assertNotNull(AdviceClass.read(name, classFile), name);
    }
  }
}
