package dev.lantern.agent.api.matcher;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The matchers instrumentations are declared with: names first (cheap), then modifiers, argument
 * lists and, last, the type hierarchy (which may read supertypes' class files).
 */
public final class ElementMatchers {

  private static final int ACC_BRIDGE = 0x0040;
  private static final int ACC_INTERFACE = 0x0200;

  private ElementMatchers() {}

  public static <T> ElementMatcher<T> any() {
    return described(target -> true, "any");
  }

  public static <T> ElementMatcher<T> none() {
    return described(target -> false, "none");
  }

  public static <T> ElementMatcher<T> not(ElementMatcher<? super T> matcher) {
    return described(target -> !matcher.matches(target), "not(" + matcher + ")");
  }

  public static <T extends NamedElement> ElementMatcher<T> named(String name) {
    return described(target -> name.equals(target.name()), "named(" + name + ")", Collections.singleton(name), null);
  }

  public static <T extends NamedElement> ElementMatcher<T> namedOneOf(String... names) {
    Set<String> set = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(names)));
    return described(target -> set.contains(target.name()), "namedOneOf" + set, set, null);
  }

  public static <T extends ModifiedElement> ElementMatcher<T> isPublic() {
    return modifier(Modifier.PUBLIC, "isPublic");
  }

  public static <T extends ModifiedElement> ElementMatcher<T> isStatic() {
    return modifier(Modifier.STATIC, "isStatic");
  }

  public static <T extends ModifiedElement> ElementMatcher<T> isAbstract() {
    return modifier(Modifier.ABSTRACT, "isAbstract");
  }

  public static <T extends ModifiedElement> ElementMatcher<T> isInterface() {
    return modifier(ACC_INTERFACE, "isInterface");
  }

  public static <T extends MethodInfo> ElementMatcher<T> isBridge() {
    return modifier(ACC_BRIDGE, "isBridge");
  }

  public static <T extends MethodInfo> ElementMatcher<T> isConstructor() {
    return described(MethodInfo::isConstructor, "isConstructor");
  }

  public static <T extends MethodInfo> ElementMatcher<T> takesArguments(int count) {
    return described(m -> m.parameterTypes().size() == count, "takesArguments(" + count + ")");
  }

  /** Exactly these parameter types, in this order. */
  public static <T extends MethodInfo> ElementMatcher<T> takesArguments(Class<?>... types) {
    String[] names = new String[types.length];
    for (int i = 0; i < types.length; i++) {
      names[i] = types[i].getName();
    }
    return described(
        m -> {
          List<NamedElement> params = m.parameterTypes();
          if (params.size() != names.length) {
            return false;
          }
          for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(params.get(i).name())) {
              return false;
            }
          }
          return true;
        },
        "takesArguments" + Arrays.toString(names));
  }

  public static <T extends MethodInfo> ElementMatcher<T> takesArgument(int index, Class<?> type) {
    return takesArgument(index, named(type.getName()));
  }

  public static <T extends MethodInfo> ElementMatcher<T> takesArgument(
      int index, ElementMatcher<? super NamedElement> type) {
    return described(
        m -> index < m.parameterTypes().size() && type.matches(m.parameterTypes().get(index)),
        "takesArgument(" + index + ", " + type + ")");
  }

  public static <T extends MethodInfo> ElementMatcher<T> returns(Class<?> type) {
    return returns(named(type.getName()));
  }

  public static <T extends MethodInfo> ElementMatcher<T> returns(
      ElementMatcher<? super NamedElement> type) {
    return described(m -> type.matches(m.returnType()), "returns(" + type + ")");
  }

  /**
   * The type declares (not inherits) a method that matches. When the method matcher names the
   * method, the name is a constant of every matching class file, which lets the agent skip the
   * others unparsed.
   */
  public static <T extends TypeInfo> ElementMatcher<T> declaresMethod(
      ElementMatcher<? super MethodInfo> method) {
    return described(
        type -> {
          for (MethodInfo m : type.declaredMethods()) {
            if (method.matches(m)) {
              return true;
            }
          }
          return false;
        },
        "declaresMethod(" + method + ")",
        null,
        method.requiredNames());
  }

  /**
   * The type itself or any of its superclasses and interfaces matches. Supertypes that cannot be
   * found are skipped; the walk visits each type once.
   */
  public static <T extends TypeInfo> ElementMatcher<T> hasSuperType(
      ElementMatcher<? super TypeInfo> matcher) {
    return described(
        type -> {
          Deque<TypeInfo> todo = new ArrayDeque<>();
          Set<String> seen = new HashSet<>();
          todo.add(type);
          for (TypeInfo t; (t = todo.poll()) != null; ) {
            if (!seen.add(t.name())) {
              continue;
            }
            if (matcher.matches(t)) {
              return true;
            }
            TypeInfo superClass = t.superClass();
            if (superClass != null) {
              todo.add(superClass);
            }
            todo.addAll(t.interfaces());
          }
          return false;
        },
        "hasSuperType(" + matcher + ")");
  }

  private static <T extends ModifiedElement> ElementMatcher<T> modifier(int flag, String name) {
    return described(target -> (target.modifiers() & flag) != 0, name);
  }

  /** A matcher whose toString is {@code description} (matchers show up in debug logs). */
  private static <T> ElementMatcher<T> described(ElementMatcher<T> matcher, String description) {
    return described(matcher, description, null, null);
  }

  private static <T> ElementMatcher<T> described(
      ElementMatcher<T> matcher, String description, Set<String> names, Set<String> constants) {
    return new ElementMatcher<T>() {
      @Override
      public boolean matches(T target) {
        return matcher.matches(target);
      }

      @Override
      public Set<String> requiredNames() {
        return names;
      }

      @Override
      public Set<String> requiredConstants() {
        return constants;
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }
}
