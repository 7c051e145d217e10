package dev.lantern.instrumentation.apachehttpclient4;

import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Accepts only class files of Java 7 or later. The agent links advice through {@code
 * invokedynamic}, which older class files cannot contain: woven into a Java 6 class (HttpClient
 * 4.x is compiled for Java 6) it makes the JVM reject the class with a {@code ClassFormatError},
 * which would break the application. Until the agent upgrades such class files when it weaves
 * them, they are left alone.
 */
final class InvokedynamicCapable extends ElementMatcher.Junction.AbstractBase<TypeDescription> {

  static final InvokedynamicCapable INSTANCE = new InvokedynamicCapable();

  @Override
  public boolean matches(TypeDescription type) {
    ClassFileVersion version = type.getClassFileVersion();
    return version != null && version.isAtLeast(ClassFileVersion.JAVA_V7);
  }
}
