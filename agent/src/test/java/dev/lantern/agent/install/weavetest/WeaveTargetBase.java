package dev.lantern.agent.install.weavetest;

/** A superclass whose protected field the advice reads from a subclass ({@code @FieldValue}). */
public class WeaveTargetBase {
  protected int counter = 41;
}
