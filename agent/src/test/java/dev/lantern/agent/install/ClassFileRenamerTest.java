package dev.lantern.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassFileRenamerTest {

  /** A class that names itself and a second class in fields, signatures and code. */
  public static final class Original {
    public static Original self;
    public static Helper helper = new Helper();

    public static String describe(Helper h) {
      self = new Original();
      return h.name() + ":" + self.getClass().getName();
    }
  }

  public static final class Helper {
    public String name() {
      return "helper";
    }
  }

  private static byte[] classFile(Class<?> type) throws Exception {
    try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void aRenamedClassLoadsAndRefersToItselfByItsNewName() throws Exception {
    String original = Original.class.getName().replace('.', '/');
    String renamed = "dev/lantern/agent/install/RenamedByTest";
    byte[] bytes = ClassFileRenamer.rename(classFile(Original.class), Map.of(original, renamed));

    Class<?> type = MethodHandles.lookup().defineClass(bytes);
    assertEquals("dev.lantern.agent.install.RenamedByTest", type.getName());
    assertSame(type, type.getField("self").getType(), "the field's descriptor is renamed too");
    Method describe = type.getMethod("describe", Helper.class);
    assertEquals("helper:dev.lantern.agent.install.RenamedByTest", describe.invoke(null, new Helper()),
        "the code's class references are renamed; the other class is untouched");
  }

  @Test
  void theBootstrapClassesAreRenamedIntoJavaLang() throws Exception {
    byte[] bytes =
        ClassFileRenamer.rename(
            classFile(dev.lantern.bootstrap.IndyBootstrap.class),
            Map.of("dev/lantern/bootstrap/IndyBootstrap", "java/lang/LanternIndyBootstrap",
                "dev/lantern/bootstrap/AdviceErrors", "java/lang/LanternAdviceErrors"));
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertEquals(-1, text.indexOf("dev/lantern/bootstrap/"), "no reference to the original names is left");
    assertEquals(true, text.contains("java/lang/LanternIndyBootstrap"));
  }
}
