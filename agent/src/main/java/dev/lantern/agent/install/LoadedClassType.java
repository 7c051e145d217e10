package dev.lantern.agent.install;

import dev.lantern.agent.api.matcher.MethodInfo;
import dev.lantern.agent.api.matcher.TypeInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A class that is already loaded, described for the matchers when the agent decides what to
 * retransform. Its supertypes are loaded too, so the hierarchy is read from the {@link Class}
 * objects: no class file is opened for a supertype, which is most of what the start-up pass over
 * loaded classes used to read. The declared methods are not taken by reflection (that would
 * resolve and load every parameter type); they come from the class's own class file, read only
 * when a matcher asks for them.
 *
 * <p>Modifiers are {@link Class#getModifiers()}: for the flags type matchers use (interface,
 * abstract, final, annotation, enum) these are the class file's; only a nested class's
 * visibility differs.
 */
final class LoadedClassType implements TypeInfo {

  private final Class<?> type;
  private final ClassFileTypes classFiles;

  LoadedClassType(Class<?> type, ClassFileTypes classFiles) {
    this.type = type;
    this.classFiles = classFiles;
  }

  @Override
  public String name() {
    return type.getName();
  }

  @Override
  public int modifiers() {
    return type.getModifiers();
  }

  @Override
  public TypeInfo superClass() {
    Class<?> superClass = type.getSuperclass();
    return superClass == null ? null : new LoadedClassType(superClass, classFiles);
  }

  @Override
  public List<TypeInfo> interfaces() {
    Class<?>[] interfaces = type.getInterfaces();
    if (interfaces.length == 0) {
      return Collections.emptyList();
    }
    List<TypeInfo> described = new ArrayList<>(interfaces.length);
    for (Class<?> i : interfaces) {
      described.add(new LoadedClassType(i, classFiles));
    }
    return described;
  }

  /** The methods of the class file; empty when it cannot be read (a generated class). */
  @Override
  public List<MethodInfo> declaredMethods() {
    ClassFileTypes.ClassFileType classFile = classFiles.find(type.getName());
    return classFile == null ? Collections.emptyList() : classFile.methods;
  }

  @Override
  public String toString() {
    return type.getName();
  }
}
