package dev.lantern.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import example.late.LateClass;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetransformerTest {

  /**
   * A class that went through the transformer before the weaving was ready but was not yet among
   * the loaded classes when they were listed (it was still being defined) is retransformed all the
   * same; before, it stayed uninstrumented for good.
   */
  @Test
  void aClassMissingFromTheListOfLoadedClassesIsRetransformedToo() {
    LanternTransformer transformer = new LanternTransformer(Set.of());
    String name = LateClass.class.getName().replace('.', '/');
    assertEquals(null, transformer.transform(null, LateClass.class.getClassLoader(), name, null, null, new byte[0]));
    List<Class<?>> retransformed = new ArrayList<>();
    Instrumentation inst = instrumentation(new Class<?>[0], retransformed);

    int count = Retransformer.retransformLoadedClasses(inst, type -> type == LateClass.class, transformer);

    assertEquals(1, count);
    assertEquals(List.of(LateClass.class), retransformed);
    assertEquals(0, Retransformer.retransformLoadedClasses(inst, type -> true, transformer), "each once");
  }

  @Test
  void aListedClassIsRetransformedOnce() {
    LanternTransformer transformer = new LanternTransformer(Set.of());
    transformer.transform(null, LateClass.class.getClassLoader(), LateClass.class.getName().replace('.', '/'), null, null, new byte[0]);
    List<Class<?>> retransformed = new ArrayList<>();

    Retransformer.retransformLoadedClasses(
        instrumentation(new Class<?>[] {LateClass.class}, retransformed), type -> type == LateClass.class, transformer);

    assertEquals(List.of(LateClass.class), retransformed);
  }

  /** An Instrumentation that lists these classes and records what is retransformed. */
  private static Instrumentation instrumentation(Class<?>[] loaded, List<Class<?>> retransformed) {
    return (Instrumentation)
        Proxy.newProxyInstance(
            RetransformerTest.class.getClassLoader(),
            new Class<?>[] {Instrumentation.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getAllLoadedClasses":
                  return loaded;
                case "isModifiableClass":
                  return true;
                case "retransformClasses":
                  for (Object type : (Object[]) args[0]) {
                    retransformed.add((Class<?>) type);
                  }
                  return null;
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }
}
