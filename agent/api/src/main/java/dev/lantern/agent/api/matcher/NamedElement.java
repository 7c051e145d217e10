package dev.lantern.agent.api.matcher;

/** Anything matched by name: a type (its binary name, {@code a.b.Outer$Inner}) or a method. */
public interface NamedElement {

  /**
   * Types: the name {@link Class#getName()} gives ({@code long}, {@code [B}, {@code
   * [Ljava.lang.String;}). Methods: the method's name ({@code <init>} for a constructor).
   */
  String name();
}
