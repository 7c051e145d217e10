package dev.lantern.agent.install;

import dev.lantern.bootstrap.AgentClassLoader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Defines the two classes woven code calls, {@code IndyBootstrap} and {@code AdviceErrors}, as
 * {@code java.lang.LanternIndyBootstrap} and {@code java.lang.LanternAdviceErrors} in the
 * bootstrap class loader.
 *
 * <p>Why {@code java.lang}: every class loader delegates to the bootstrap loader and every module
 * reads {@code java.base}, which exports {@code java.lang}, so woven JDK and application classes
 * alike can link to them without extra read edges. Why not append a jar to the bootstrap class
 * path: the JVM then stops sharing (CDS) application classes and prints a warning at every start.
 */
final class BootstrapClasses {

  private static final String INDY = "dev/lantern/bootstrap/IndyBootstrap";
  private static final String ERRORS = "dev/lantern/bootstrap/AdviceErrors";
  private static final String INDY_TARGET = AdviceMethodWeaver.BOOTSTRAP_CLASS;
  private static final String ERRORS_TARGET = "java/lang/LanternAdviceErrors";

  final Class<?> indyBootstrap;
  final Class<?> adviceErrors;

  private BootstrapClasses(Class<?> indyBootstrap, Class<?> adviceErrors) {
    this.indyBootstrap = indyBootstrap;
    this.adviceErrors = adviceErrors;
  }

  static BootstrapClasses define(Instrumentation inst) throws Exception {
    Module javaBase = Object.class.getModule();
    inst.redefineModule(
        javaBase,
        Collections.emptySet(),
        Collections.emptyMap(),
        Collections.singletonMap("java.lang", Set.of(BootstrapClasses.class.getModule())),
        Collections.emptySet(),
        Collections.emptyMap());
    MethodHandles.Lookup javaLang = MethodHandles.privateLookupIn(Object.class, MethodHandles.lookup());
    Map<String, String> names = new HashMap<>();
    names.put(INDY, INDY_TARGET);
    names.put(ERRORS, ERRORS_TARGET);
    Class<?> errors = defineOnce(javaLang, ERRORS, ERRORS_TARGET, names);
    Class<?> indy = defineOnce(javaLang, INDY, INDY_TARGET, names);
    return new BootstrapClasses(indy, errors);
  }

  private static Class<?> defineOnce(
      MethodHandles.Lookup javaLang, String source, String target, Map<String, String> names)
      throws Exception {
    String targetName = target.replace('/', '.');
    try {
      return Class.forName(targetName, false, null); // already defined by an earlier attach
    } catch (ClassNotFoundException expected) {
      return javaLang.defineClass(renamed(source, names));
    }
  }

  private static byte[] renamed(String source, Map<String, String> names) throws IOException {
    byte[] original;
    try (InputStream in =
        AgentClassLoader.class.getClassLoader().getResourceAsStream(source + ".class")) {
      if (in == null) {
        throw new IOException("missing " + source + ".class in the agent jar");
      }
      original = in.readAllBytes();
    }
    return ClassFileRenamer.rename(original, names);
  }

  void setLinker(MethodHandle linker) throws ReflectiveOperationException {
    indyBootstrap.getMethod("setLinker", MethodHandle.class).invoke(null, linker);
  }

  void setErrorHandler(BiConsumer<String, Throwable> handler) throws ReflectiveOperationException {
    adviceErrors.getMethod("setHandler", BiConsumer.class).invoke(null, handler);
  }
}
