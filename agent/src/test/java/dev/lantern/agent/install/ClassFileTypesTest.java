package dev.lantern.agent.install;

import static dev.lantern.agent.api.matcher.ElementMatchers.declaresMethod;
import static dev.lantern.agent.api.matcher.ElementMatchers.hasSuperType;
import static dev.lantern.agent.api.matcher.ElementMatchers.isPublic;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.returns;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.matcher.TypeInfo;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/** Class-file descriptions for the matchers: hierarchy, methods, missing types, the JDK cache. */
class ClassFileTypesTest {

  @Test
  void describesHierarchyAndMethodsFromClassFiles() {
    ClassFileTypes types = new ClassFileTypes(getClass().getClassLoader());
    TypeInfo list = types.find("java.util.ArrayList");
    assertEquals("java.util.AbstractList", list.superClass().name());
    assertTrue(hasSuperType(named("java.util.Collection")).matches(list));
    assertTrue(hasSuperType(named("java.util.ArrayList")).matches(list), "the type itself counts");
    assertFalse(hasSuperType(named("java.util.Map")).matches(list));
    assertTrue(declaresMethod(named("add").and(takesArguments(2)).and(takesArgument(0, int.class))).matches(list));
    assertTrue(declaresMethod(named("toArray").and(takesArgument(0, Object[].class)).and(isPublic())).matches(list));
    assertTrue(declaresMethod(named("get").and(returns(Object.class))).matches(list));
  }

  @Test
  void aMissingSupertypeIsSkippedNotFatal() {
    ClassWriter cw = new ClassWriter(0);
    cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "app/Orphan", null, "com/missing/Base", new String[] {"java/lang/Runnable"});
    cw.visitEnd();
    ClassFileTypes types = new ClassFileTypes(getClass().getClassLoader());
    TypeInfo orphan = types.describe(new ClassReader(cw.toByteArray()));
    assertNull(orphan.superClass());
    assertTrue(hasSuperType(named("java.lang.Runnable")).matches(orphan));
    assertFalse(hasSuperType(named("com.missing.Base")).matches(orphan));
  }

  /** JDK types are cached for good, so they must not keep an application's loader reachable. */
  @Test
  void jdkTypesAreSharedAndHoldNoApplicationLoader() throws Exception {
    try (URLClassLoader app1 = new URLClassLoader(new URL[0]); URLClassLoader app2 = new URLClassLoader(new URL[0])) {
      ClassFileTypes.ClassFileType fromApp1 = new ClassFileTypes(app1).find("java.util.ArrayList");
      assertSame(fromApp1, new ClassFileTypes(app2).find("java.util.ArrayList"));
      Field typesField = ClassFileTypes.ClassFileType.class.getDeclaredField("types");
      typesField.setAccessible(true);
      Field loaderField = ClassFileTypes.class.getDeclaredField("loader");
      loaderField.setAccessible(true);
      for (ClassFileTypes.ClassFileType t = fromApp1; t != null; t = t.superClass()) {
        assertNull(loaderField.get(typesField.get(t)), t.name() + " was read through an application loader");
      }
    }
  }
}
