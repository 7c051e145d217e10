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
    return new Constant<>(true);
  }

  public static <T> ElementMatcher<T> none() {
    return new Constant<>(false);
  }

  public static <T> ElementMatcher<T> not(ElementMatcher<? super T> matcher) {
    return new Not<>(matcher);
  }

  public static <T extends NamedElement> ElementMatcher<T> named(String name) {
    return new Named<>(name);
  }

  public static <T extends NamedElement> ElementMatcher<T> namedOneOf(String... names) {
    return new NamedOneOf<>(Collections.unmodifiableSet(new HashSet<>(Arrays.asList(names))));
  }

  public static <T extends ModifiedElement> ElementMatcher<T> isPublic() {
    return new HasModifier<>(Modifier.PUBLIC, "isPublic");
  }

  public static <T extends ModifiedElement> ElementMatcher<T> isStatic() {
    return new HasModifier<>(Modifier.STATIC, "isStatic");
  }

  public static <T extends ModifiedElement> ElementMatcher<T> isAbstract() {
    return new HasModifier<>(Modifier.ABSTRACT, "isAbstract");
  }

  public static <T extends ModifiedElement> ElementMatcher<T> isInterface() {
    return new HasModifier<>(ACC_INTERFACE, "isInterface");
  }

  public static <T extends MethodInfo> ElementMatcher<T> isBridge() {
    return new HasModifier<>(ACC_BRIDGE, "isBridge");
  }

  public static <T extends MethodInfo> ElementMatcher<T> isConstructor() {
    return new IsConstructor<>();
  }

  public static <T extends MethodInfo> ElementMatcher<T> takesArguments(int count) {
    return new ArgumentCount<>(count);
  }

  /** Exactly these parameter types, in this order. */
  public static <T extends MethodInfo> ElementMatcher<T> takesArguments(Class<?>... types) {
    String[] names = new String[types.length];
    for (int i = 0; i < types.length; i++) {
      names[i] = types[i].getName();
    }
    return new ArgumentTypes<>(names);
  }

  public static <T extends MethodInfo> ElementMatcher<T> takesArgument(int index, Class<?> type) {
    return takesArgument(index, named(type.getName()));
  }

  public static <T extends MethodInfo> ElementMatcher<T> takesArgument(
      int index, ElementMatcher<? super NamedElement> type) {
    return new Argument<>(index, type);
  }

  public static <T extends MethodInfo> ElementMatcher<T> returns(Class<?> type) {
    return returns(named(type.getName()));
  }

  public static <T extends MethodInfo> ElementMatcher<T> returns(
      ElementMatcher<? super NamedElement> type) {
    return new Returns<>(type);
  }

  /**
   * The type declares (not inherits) a method that matches. When the method matcher names the
   * method, the name is a constant of every matching class file, which lets the agent skip the
   * others unparsed.
   */
  public static <T extends TypeInfo> ElementMatcher<T> declaresMethod(
      ElementMatcher<? super MethodInfo> method) {
    return new DeclaresMethod<>(method);
  }

  /**
   * The type itself or any of its superclasses and interfaces matches. Supertypes that cannot be
   * found are skipped; the walk visits each type once.
   */
  public static <T extends TypeInfo> ElementMatcher<T> hasSuperType(
      ElementMatcher<? super TypeInfo> matcher) {
    return new HasSuperType<>(matcher);
  }

  // The matchers are small classes rather than lambdas: the agent builds them while the
  // application starts, and each lambda would cost a class spun at run time. Their toString
  // shows in debug logs.

  private static final class Constant<T> implements ElementMatcher<T> {
    private final boolean result;

    Constant(boolean result) {
      this.result = result;
    }

    @Override
    public boolean matches(T target) {
      return result;
    }

    @Override
    public String toString() {
      return result ? "any" : "none";
    }
  }

  private static final class Not<T> implements ElementMatcher<T> {
    private final ElementMatcher<? super T> matcher;

    Not(ElementMatcher<? super T> matcher) {
      this.matcher = matcher;
    }

    @Override
    public boolean matches(T target) {
      return !matcher.matches(target);
    }

    @Override
    public String toString() {
      return "not(" + matcher + ")";
    }
  }

  private static final class Named<T extends NamedElement> implements ElementMatcher<T> {
    private final String name;
    private final Set<String> names;

    Named(String name) {
      this.name = name;
      this.names = Collections.singleton(name);
    }

    @Override
    public boolean matches(T target) {
      return name.equals(target.name());
    }

    @Override
    public Set<String> requiredNames() {
      return names;
    }

    @Override
    public String toString() {
      return "named(" + name + ")";
    }
  }

  private static final class NamedOneOf<T extends NamedElement> implements ElementMatcher<T> {
    private final Set<String> names;

    NamedOneOf(Set<String> names) {
      this.names = names;
    }

    @Override
    public boolean matches(T target) {
      return names.contains(target.name());
    }

    @Override
    public Set<String> requiredNames() {
      return names;
    }

    @Override
    public String toString() {
      return "namedOneOf" + names;
    }
  }

  private static final class HasModifier<T extends ModifiedElement> implements ElementMatcher<T> {
    private final int flag;
    private final String name;

    HasModifier(int flag, String name) {
      this.flag = flag;
      this.name = name;
    }

    @Override
    public boolean matches(T target) {
      return (target.modifiers() & flag) != 0;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final class IsConstructor<T extends MethodInfo> implements ElementMatcher<T> {
    @Override
    public boolean matches(T target) {
      return target.isConstructor();
    }

    @Override
    public String toString() {
      return "isConstructor";
    }
  }

  private static final class ArgumentCount<T extends MethodInfo> implements ElementMatcher<T> {
    private final int count;

    ArgumentCount(int count) {
      this.count = count;
    }

    @Override
    public boolean matches(T target) {
      return target.parameterTypes().size() == count;
    }

    @Override
    public String toString() {
      return "takesArguments(" + count + ")";
    }
  }

  private static final class ArgumentTypes<T extends MethodInfo> implements ElementMatcher<T> {
    private final String[] names;

    ArgumentTypes(String[] names) {
      this.names = names;
    }

    @Override
    public boolean matches(T target) {
      List<NamedElement> params = target.parameterTypes();
      if (params.size() != names.length) {
        return false;
      }
      for (int i = 0; i < names.length; i++) {
        if (!names[i].equals(params.get(i).name())) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return "takesArguments" + Arrays.toString(names);
    }
  }

  private static final class Argument<T extends MethodInfo> implements ElementMatcher<T> {
    private final int index;
    private final ElementMatcher<? super NamedElement> type;

    Argument(int index, ElementMatcher<? super NamedElement> type) {
      this.index = index;
      this.type = type;
    }

    @Override
    public boolean matches(T target) {
      List<NamedElement> params = target.parameterTypes();
      return index < params.size() && type.matches(params.get(index));
    }

    @Override
    public String toString() {
      return "takesArgument(" + index + ", " + type + ")";
    }
  }

  private static final class Returns<T extends MethodInfo> implements ElementMatcher<T> {
    private final ElementMatcher<? super NamedElement> type;

    Returns(ElementMatcher<? super NamedElement> type) {
      this.type = type;
    }

    @Override
    public boolean matches(T target) {
      return type.matches(target.returnType());
    }

    @Override
    public String toString() {
      return "returns(" + type + ")";
    }
  }

  private static final class DeclaresMethod<T extends TypeInfo> implements ElementMatcher<T> {
    private final ElementMatcher<? super MethodInfo> method;

    DeclaresMethod(ElementMatcher<? super MethodInfo> method) {
      this.method = method;
    }

    @Override
    public boolean matches(T target) {
      for (MethodInfo m : target.declaredMethods()) {
        if (method.matches(m)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Set<String> requiredConstants() {
      return method.requiredNames();
    }

    @Override
    public String toString() {
      return "declaresMethod(" + method + ")";
    }
  }

  private static final class HasSuperType<T extends TypeInfo> implements ElementMatcher<T> {
    private final ElementMatcher<? super TypeInfo> matcher;

    HasSuperType(ElementMatcher<? super TypeInfo> matcher) {
      this.matcher = matcher;
    }

    @Override
    public boolean matches(T target) {
      Deque<TypeInfo> todo = new ArrayDeque<>();
      Set<String> seen = new HashSet<>();
      todo.add(target);
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
    }

    @Override
    public String toString() {
      return "hasSuperType(" + matcher + ")";
    }
  }
}
