package dev.lantern.agent.api.matcher;

import java.util.List;

/** A method or constructor declared by a {@link TypeInfo}. */
public interface MethodInfo extends NamedElement, ModifiedElement {

  /** The JVM descriptor, e.g. {@code (Ljava/lang/String;I)V}. */
  String descriptor();

  /** Parameter types, named as {@link Class#getName()} names them. */
  List<NamedElement> parameterTypes();

  NamedElement returnType();

  default boolean isConstructor() {
    return "<init>".equals(name());
  }
}
