package dev.lantern.agent.install;

import static dev.lantern.agent.api.matcher.ElementMatchers.declaresMethod;
import static dev.lantern.agent.api.matcher.ElementMatchers.hasSuperType;
import static dev.lantern.agent.api.matcher.ElementMatchers.isInterface;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.matcher.MethodInfo;
import dev.lantern.agent.api.matcher.TypeInfo;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Loaded classes described for retransformation: the hierarchy from Class objects, methods from the class file. */
class LoadedClassTypeTest {

  interface Named {
    String name();
  }

  abstract static class Base implements Named {
    abstract void run();
  }

  static final class Impl extends Base implements Runnable {
    @Override
    public String name() {
      return "impl";
    }

    @Override
    public void run() {}

    int size(String of) {
      return of.length();
    }
  }

  /** A loader that serves class files like its parent and remembers which were asked for. */
  static final class CountingLoader extends ClassLoader {
    final List<String> asked = new ArrayList<>();

    CountingLoader() {
      super(LoadedClassTypeTest.class.getClassLoader());
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      asked.add(name);
      return super.getResourceAsStream(name);
    }
  }

  @Test
  void theHierarchyIsAnsweredWithoutReadingAClassFile() {
    CountingLoader loader = new CountingLoader();
    TypeInfo impl = new LoadedClassType(Impl.class, new ClassFileTypes(loader));

    assertTrue(hasSuperType(named(Named.class.getName())).matches(impl), "interface of the superclass");
    assertTrue(hasSuperType(named("java.lang.Runnable")).matches(impl));
    assertFalse(hasSuperType(named("java.util.Map")).matches(impl));
    assertEquals(Base.class.getName(), impl.superClass().name());
    assertTrue(isInterface().matches(impl.superClass().interfaces().get(0)));
    assertNull(new LoadedClassType(Named.class, new ClassFileTypes(loader)).superClass(), "interfaces have none");
    assertEquals(List.of(), loader.asked, "no class file was opened for the hierarchy");
  }

  @Test
  void declaredMethodsComeFromTheClassFileAsForAClassBeingLoaded() {
    CountingLoader loader = new CountingLoader();
    ClassFileTypes classFiles = new ClassFileTypes(loader);
    TypeInfo loaded = new LoadedClassType(Impl.class, classFiles);

    assertTrue(declaresMethod(named("size")).matches(loaded));
    assertFalse(hasSuperType(declaresMethod(named("missing"))).matches(loaded));
    TypeInfo fromClassFile = new ClassFileTypes(getClass().getClassLoader()).find(Impl.class.getName());
    assertEquals(describe(fromClassFile.declaredMethods()), describe(loaded.declaredMethods()));
    assertEquals(fromClassFile.modifiers() & 0x0600, loaded.modifiers() & 0x0600, "interface and abstract flags");
    assertTrue(loader.asked.contains(Impl.class.getName().replace('.', '/') + ".class"));
  }

  private static List<String> describe(List<MethodInfo> methods) {
    return methods.stream().map(m -> m.name() + m.descriptor()).sorted().collect(Collectors.toList());
  }
}
