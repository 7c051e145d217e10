package dev.lantern.agent.api.matcher;

/** A type or method with class-file access flags ({@link java.lang.reflect.Modifier} bits). */
public interface ModifiedElement {

  /** The access flags as in the class file (including ACC_INTERFACE, ACC_BRIDGE, ACC_SYNTHETIC). */
  int modifiers();
}
