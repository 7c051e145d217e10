package dev.lantern.agent.install;

import static dev.lantern.agent.api.matcher.ElementMatchers.hasSuperType;
import static dev.lantern.agent.api.matcher.ElementMatchers.isConstructor;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import dev.lantern.agent.api.matcher.ElementMatcher;
import dev.lantern.agent.api.matcher.MethodInfo;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.install.weavetest.TestAdvice;
import dev.lantern.agent.install.weavetest.WeaveTarget;
import dev.lantern.agent.metrics.SelfMetrics;
import dev.lantern.bootstrap.AdviceErrors;
import dev.lantern.bootstrap.IndyBootstrap;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The weaver on a real class: the woven class is defined in its own loader and run, and what the
 * advice saw is compared with what the method did. The call sites link through {@code
 * dev.lantern.bootstrap.IndyBootstrap} itself (the agent defines a copy of it in {@code java.lang}).
 */
class AdviceWeavingTest {

  private static final String TARGET = WeaveTarget.class.getName();

  private static String internal(String binaryName) {
    return binaryName.replace('.', '/');
  }
  private static final List<String> ADVICE_ERRORS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void link() throws Exception {
    IndyBootstrap.setLinker(
        MethodHandles.lookup()
            .findStatic(
                AdviceWeavingTest.class,
                "linkAdvice",
                MethodType.methodType(MethodHandle.class, ClassLoader.class, String.class, String.class, MethodType.class)));
    AdviceErrors.setHandler((module, error) -> ADVICE_ERRORS.add(module + ": " + error.getMessage()));
  }

  /** The test's linker: advice classes come from the test class path. */
  static MethodHandle linkAdvice(ClassLoader loader, String adviceClass, String method, MethodType type) throws Exception {
    Class<?> advice = Class.forName(adviceClass);
    for (Method m : advice.getMethods()) {
      if (m.getName().equals(method) && Modifier.isStatic(m.getModifiers())) {
        return MethodHandles.publicLookup().unreflect(m).asType(type);
      }
    }
    throw new NoSuchMethodException(adviceClass + "." + method);
  }

  @BeforeEach
  void clear() {
    TestAdvice.CALLS.clear();
    ADVICE_ERRORS.clear();
  }

  @org.junit.jupiter.api.AfterEach
  void noAdviceFailedUnlessATestMeantIt(org.junit.jupiter.api.TestInfo test) {
    if (!test.getDisplayName().startsWith("adviceThatThrows")) {
      assertEquals(List.of(), ADVICE_ERRORS);
    }
  }

  @Test
  void enterAndExitSeeArgumentsEnterValueAndReturnValue() throws Exception {
    Class<?> woven = weave(Map.of("greet", TestAdvice.Recording.class, "echo", TestAdvice.Recording.class));
    Object target = woven.getConstructor(String.class).newInstance("n");
    assertEquals("hello world", call(target, "greet", "world"));
    assertEquals("static-call", woven.getMethod("echo", String.class).invoke(null, "static-call"));
    assertEquals(
        List.of(
            "enter WeaveTarget world", "exit token world hello world null",
            "enter static static-call", "exit token static-call static-call null"),
        TestAdvice.CALLS);
  }

  @Test
  void exitSeesWhatTheMethodThrowsAndTheApplicationGetsItUnchanged() throws Exception {
    Class<?> woven = weave(Map.of("fails", TestAdvice.Recording.class));
    Object target = woven.getConstructor(String.class).newInstance("n");
    InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> call(target, "fails", "boom"));
    assertTrue(e.getCause() instanceof IllegalArgumentException, e.getCause().toString());
    assertEquals("boom", e.getCause().getMessage());
    assertEquals(List.of("enter WeaveTarget boom", "exit token boom null boom"), TestAdvice.CALLS);
  }

  @Test
  void loopsAndExceptionsCaughtInsideBehaveAsUnwoven() throws Exception {
    Class<?> woven = weave(Map.of("loops", TestAdvice.Recording.class));
    Object target = woven.getConstructor(String.class).newInstance("n");
    int expected = new WeaveTarget("n").loops(10);
    assertEquals(expected, call(target, "loops", 10));
    assertEquals(List.of("enter WeaveTarget 10", "exit token 10 " + expected + " null"), TestAdvice.CALLS);
  }

  @Test
  void primitivesOfTwoSlotsPassThrough() throws Exception {
    Class<?> woven = weave(Map.of("sum", TestAdvice.Numbers.class));
    Object target = woven.getConstructor(String.class).newInstance("n");
    Object result = woven.getMethod("sum", long.class, double.class, int.class).invoke(target, 5L, 2.5, 3);
    assertEquals(10L, result);
    assertEquals(List.of("numbers 5 2.5 3", "numbers exit 5000 10"), TestAdvice.CALLS);
  }

  @Test
  void argumentsReturnValuesAndFieldsAreAssigned() throws Exception {
    Class<?> woven =
        weave(Map.of("twice", TestAdvice.ReplaceArgument.class, "greet", TestAdvice.UpperCaseReturn.class, "rename", TestAdvice.Fields.class));
    Object target = woven.getConstructor(String.class).newInstance("old");
    assertEquals("replaced xreplaced x", call(target, "twice", "x"));
    assertEquals("keepkeep", call(target, "twice", "keep")); // a null array assigns nothing
    assertEquals("HELLO WORLD", call(target, "greet", "world"));
    assertEquals("hello keep", call(target, "greet", "keep")); // a null value assigns nothing
    assertEquals("old->new #41", call(target, "rename", "new")); // inherited protected field read
    assertEquals("renamed", woven.getMethod("note").invoke(target));
  }

  @Test
  void adviceThatThrowsIsContainedAndReported() throws Exception {
    Class<?> woven = weave(Map.of("greet", TestAdvice.Throwing.class, "fails", TestAdvice.Throwing.class));
    Object target = woven.getConstructor(String.class).newInstance("n");
    assertEquals("hello you", call(target, "greet", "you"));
    InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> call(target, "fails", "app error"));
    assertEquals("app error", e.getCause().getMessage());
    assertEquals(
        List.of(
            "weave-test: enter advice fails", "weave-test: exit advice fails",
            "weave-test: enter advice fails", "weave-test: exit advice fails"),
        ADVICE_ERRORS);
  }

  @Test
  void constructorsRunEnterAfterSuperAndExitOnReturn() throws Exception {
    Class<?> woven = weave(Map.of("<init>", TestAdvice.Constructor.class));
    woven.getConstructor(String.class).newInstance("given");
    woven.getConstructor().newInstance();
    assertEquals(
        List.of(
            "constructing WeaveTarget", "constructed given",
            "constructing WeaveTarget", "constructed default", "constructing WeaveTarget", "constructed default"),
        TestAdvice.CALLS);
  }

  @Test
  void twoAdviceOnOneMethodNest() throws Exception {
    List<Rule> rules = new ArrayList<>();
    rules.add(new Rule(named("greet"), TestAdvice.Recording.class));
    rules.add(new Rule(named("greet"), TestAdvice.Outer.class));
    Class<?> woven = weave(rules);
    Object target = woven.getConstructor(String.class).newInstance("n");
    assertEquals("hello two", call(target, "greet", "two"));
    assertEquals(3, TestAdvice.CALLS.size(), TestAdvice.CALLS.toString());
    assertTrue(TestAdvice.CALLS.containsAll(List.of("enter WeaveTarget two", "exit token two hello two null", "outer hello two")));
  }

  @Test
  void wovenClassesGainNoMembersSoTheyCanBeRetransformed() throws Exception {
    Class<?> woven = weave(Map.of("greet", TestAdvice.Recording.class, "<init>", TestAdvice.Constructor.class));
    assertEquals(names(WeaveTarget.class.getDeclaredMethods()), names(woven.getDeclaredMethods()));
    assertEquals(WeaveTarget.class.getDeclaredFields().length, woven.getDeclaredFields().length);
    assertEquals(WeaveTarget.class.getDeclaredConstructors().length, woven.getDeclaredConstructors().length);
  }

  @Test
  void aClassWithNoMatchingMethodIsLeftAlone() throws Exception {
    assertNull(weaving(List.of(new Rule(named("noSuchMethod"), TestAdvice.Recording.class))).weave(
        getClass().getClassLoader(), internal(TARGET), null, classFile(TARGET)));
  }

  /** Java 6 class files may not hold invokedynamic: the weaver raises them to 51 with frames. */
  @Test
  void classFilesOlderThanJava7AreRaised() throws Exception {
    byte[] java6 = java6Class();
    TypeInstrumentation type = instrumentation(named("legacy.Java6"), List.of(new Rule(named("pick"), TestAdvice.Recording.class)));
    Weaving weaving = weaving(type);
    byte[] woven = weaving.weave(getClass().getClassLoader(), "legacy/Java6", null, java6);
    assertNotNull(woven);
    assertEquals(51, ((woven[6] & 0xFF) << 8) | (woven[7] & 0xFF));
    Class<?> c = new SingleClassLoader("legacy.Java6", woven).loadClass("legacy.Java6");
    Object o = c.getConstructor().newInstance();
    assertEquals("yes", c.getMethod("pick", String.class).invoke(o, "y"));
    assertEquals("no", c.getMethod("pick", String.class).invoke(o, "n"));
    assertEquals(List.of("enter Java6 y", "exit token y yes null", "enter Java6 n", "exit token n no null"), TestAdvice.CALLS);
  }

  // --- helpers

  private static List<String> names(Method[] methods) {
    List<String> names = new ArrayList<>();
    for (Method m : methods) {
      names.add(m.getName() + Arrays.toString(m.getParameterTypes()));
    }
    names.sort(null);
    return names;
  }

  private static Object call(Object target, String method, Object arg) throws Exception {
    Class<?> type = arg instanceof Integer ? int.class : String.class;
    return target.getClass().getMethod(method, type).invoke(target, arg);
  }

  private static final class Rule {
    final ElementMatcher<? super MethodInfo> methods;
    final Class<?> advice;

    Rule(ElementMatcher<? super MethodInfo> methods, Class<?> advice) {
      this.methods = methods;
      this.advice = advice;
    }
  }

  private Class<?> weave(Map<String, Class<?>> adviceByMethod) throws Exception {
    List<Rule> rules = new ArrayList<>();
    adviceByMethod.forEach((method, advice) -> rules.add(new Rule(method.equals("<init>") ? isConstructor() : named(method), advice)));
    return weave(rules);
  }

  private Class<?> weave(List<Rule> rules) throws Exception {
    byte[] woven = weaving(rules).weave(getClass().getClassLoader(), internal(TARGET), null, classFile(TARGET));
    assertNotNull(woven, "nothing woven");
    return new SingleClassLoader(TARGET, woven).loadClass(TARGET);
  }

  private static Weaving weaving(List<Rule> rules) {
    return weaving(instrumentation(named(TARGET), rules));
  }

  private static Weaving weaving(TypeInstrumentation type) {
    InstrumentationModule module =
        new InstrumentationModule("weave-test") {
          @Override
          public List<TypeInstrumentation> typeInstrumentations() {
            return List.of(type);
          }
        };
    Set<String> none = new HashSet<>();
    return Weaving.of(
        List.of(module),
        name -> {
          try {
            return classFile(name);
          } catch (Exception e) {
            return null;
          }
        },
        new TransformListener(new SelfMetrics()),
        none,
        new HashSet<>(),
        "dev/lantern/bootstrap/IndyBootstrap");
  }

  private static TypeInstrumentation instrumentation(ElementMatcher<TypeInfo> typeMatcher, List<Rule> rules) {
    return new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeInfo> typeMatcher() {
        return typeMatcher;
      }

      @Override
      public void transform(TypeTransformer transformer) {
        for (Rule r : rules) {
          transformer.applyAdviceToMethod(r.methods, r.advice.getName());
        }
      }
    };
  }

  private static byte[] classFile(String name) throws Exception {
    try (InputStream in = AdviceWeavingTest.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  /** {@code class Java6 { String pick(String s) { if (s.equals("y")) return "yes"; return "no"; } }}, version 50. */
  private static byte[] java6Class() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V1_6, Opcodes.ACC_PUBLIC, "legacy/Java6", null, "java/lang/Object", null);
    MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    MethodVisitor pick = cw.visitMethod(Opcodes.ACC_PUBLIC, "pick", "(Ljava/lang/String;)Ljava/lang/String;", null, null);
    pick.visitCode();
    pick.visitVarInsn(Opcodes.ALOAD, 1);
    pick.visitLdcInsn("y");
    pick.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "equals", "(Ljava/lang/Object;)Z", false);
    Label no = new Label();
    pick.visitJumpInsn(Opcodes.IFEQ, no);
    pick.visitLdcInsn("yes");
    pick.visitInsn(Opcodes.ARETURN);
    pick.visitLabel(no);
    pick.visitLdcInsn("no");
    pick.visitInsn(Opcodes.ARETURN);
    pick.visitMaxs(0, 0);
    pick.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** Defines one class from given bytes; everything else comes from the test's loader. */
  /**
   * The start-up pass over loaded classes: the hierarchy of a loaded class is judged from its
   * loaded supertypes, and only a match's own class file is looked up (it must have one).
   */
  @Test
  void aLoadedClassIsJudgedByItsLoadedHierarchyWithoutReadingItsSupertypes() throws Exception {
    CountingLoader loader = new CountingLoader(TARGET, classFile(TARGET));
    Class<?> target = loader.loadClass(TARGET);
    String base = WeaveTarget.class.getSuperclass().getName();
    Weaving matching = weaving(instrumentation(hasSuperType(named(base)), List.of()));
    Weaving other = weaving(instrumentation(hasSuperType(named("java.util.Map")), List.of()));

    assertFalse(other.matchesLoaded(target));
    assertEquals(List.of(), loader.asked, "no class file for a class that does not match");
    assertTrue(matching.matchesLoaded(target));
    assertEquals(List.of(internal(TARGET) + ".class"), loader.asked, "its own, none of its supertypes'");
  }

  @Test
  void aClassLoadedWhileThisThreadWeavesAnotherIsLeftAlone() throws Exception {
    // a matcher that weaves again on the same thread stands for a class loaded during a weave
    Weaving[] weaving = new Weaving[1];
    List<byte[]> nested = new ArrayList<>();
    ElementMatcher<TypeInfo> target = named(TARGET);
    ElementMatcher<TypeInfo> reentering =
        type -> {
          if (nested.isEmpty()) {
            try {
              nested.add(weaving[0].weave(getClass().getClassLoader(), internal(TARGET), null, classFile(TARGET)));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
          return target.matches(type);
        };
    weaving[0] = weaving(instrumentation(reentering, List.of(new Rule(named("greet"), TestAdvice.Recording.class))));

    byte[] outer = weaving[0].weave(getClass().getClassLoader(), internal(TARGET), null, classFile(TARGET));

    assertNotNull(outer, "the class being woven is woven");
    assertEquals(1, nested.size());
    assertNull(nested.get(0), "the class loaded meanwhile is left alone");
    assertNotNull(
        weaving[0].weave(getClass().getClassLoader(), internal(TARGET), null, classFile(TARGET)),
        "once the weave is over, the thread weaves again");
  }

  /** Defines one class from bytes and records the class files it is asked for. */
  private static final class CountingLoader extends SingleClassLoader {
    final List<String> asked = new CopyOnWriteArrayList<>();

    CountingLoader(String name, byte[] bytes) {
      super(name, bytes);
    }

    @Override
    public InputStream getResourceAsStream(String resource) {
      asked.add(resource);
      return super.getResourceAsStream(resource);
    }
  }

  private static class SingleClassLoader extends ClassLoader {
    private final String name;
    private final byte[] bytes;

    SingleClassLoader(String name, byte[] bytes) {
      super(AdviceWeavingTest.class.getClassLoader());
      this.name = name;
      this.bytes = bytes;
    }

    @Override
    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(className)) {
        if (className.equals(name)) {
          Class<?> c = findLoadedClass(className);
          return c != null ? c : defineClass(className, bytes, 0, bytes.length);
        }
        return super.loadClass(className, resolve);
      }
    }
  }
}
