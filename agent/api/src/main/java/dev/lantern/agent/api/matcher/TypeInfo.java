package dev.lantern.agent.api.matcher;

import java.util.List;

/**
 * What the agent knows about a class it may instrument, read from class files without loading
 * anything. Supertypes are resolved on demand through the class's loader; one that cannot be found
 * (an optional dependency missing from the class path) is left out rather than failing the match.
 */
public interface TypeInfo extends NamedElement, ModifiedElement {

  /** The superclass, or null for {@code java.lang.Object}, interfaces, or when it cannot be found. */
  TypeInfo superClass();

  /** The directly implemented (or extended) interfaces that could be found. */
  List<TypeInfo> interfaces();

  /** Methods and constructors this class file declares (not inherited ones). */
  List<MethodInfo> declaredMethods();
}
