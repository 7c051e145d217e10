package dev.lantern.agent.install;

import dev.lantern.agent.api.matcher.MethodInfo;
import dev.lantern.agent.api.matcher.NamedElement;
import dev.lantern.agent.api.matcher.TypeInfo;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Describes classes from their class files, for the matchers, without loading anything. The class
 * being woven comes with its bytes; its supertypes are read as resources of its class loader. One
 * instance serves one weaving (its cache is dropped with it); JDK types, which never change, are
 * cached for the life of the agent.
 */
final class ClassFileTypes {

  private static final ClassFileType MISSING = new ClassFileType(null, 0, "", null, new String[0]);

  /**
   * JDK types, read once for the life of the agent through the platform loader. They are kept in
   * an instance of their own so that nothing cached for good refers to an application's loader (a
   * redeployed web application's loader must stay collectable).
   */
  private static final ClassFileTypes JDK = new ClassFileTypes(null);

  private final ClassLoader loader;
  private final Map<String, ClassFileType> cache = new ConcurrentHashMap<>();

  ClassFileTypes(ClassLoader loader) {
    this.loader = loader;
  }

  /** The class being woven, described from its own bytes. */
  ClassFileType describe(ClassReader classFile) {
    ClassFileType type = ClassFileType.read(this, classFile);
    cache.put(type.name, type);
    return type;
  }

  /** A type by binary name ({@code a.b.C}), or null when its class file cannot be found. */
  ClassFileType find(String name) {
    ClassFileType type = cache.get(name);
    if (type == null) {
      if (this != JDK && isJdkName(name)) {
        type = JDK.find(name); // null for a javax.* library the application ships itself
      }
      if (type == null) {
        type = read(name);
      }
      cache.put(name, type);
    }
    return type == MISSING ? null : type;
  }

  private static boolean isJdkName(String name) {
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.");
  }

  /** Internal name of the closest common superclass, for frame computation; throws when unknown. */
  String commonSuperClass(String internalA, String internalB) {
    ClassFileType a = find(internalA.replace('/', '.'));
    ClassFileType b = find(internalB.replace('/', '.'));
    if (a == null || b == null) {
      throw new IllegalStateException("cannot resolve " + (a == null ? internalA : internalB));
    }
    if ((a.access & Opcodes.ACC_INTERFACE) != 0 || (b.access & Opcodes.ACC_INTERFACE) != 0) {
      return "java/lang/Object";
    }
    List<String> chainA = new ArrayList<>();
    for (ClassFileType t = a; t != null; t = t.superClass()) {
      chainA.add(t.name);
    }
    for (ClassFileType t = b; t != null; t = t.superClass()) {
      if (chainA.contains(t.name)) {
        return t.name.replace('.', '/');
      }
    }
    return "java/lang/Object";
  }

  private ClassFileType read(String name) {
    byte[] bytes = classFile(name);
    if (bytes == null) {
      return MISSING;
    }
    try {
      return ClassFileType.read(this, new ClassReader(bytes));
    } catch (RuntimeException | LinkageError e) {
      return MISSING;
    }
  }

  /** The class file of a type by binary name, as a resource of the loader; null when not found. */
  byte[] classFile(String name) {
    String resource = name.replace('.', '/') + ".class";
    try {
      ClassLoader asked = loader == null ? ClassLoader.getPlatformClassLoader() : loader;
      try (InputStream in = asked.getResourceAsStream(resource)) {
        return in == null ? null : in.readAllBytes();
      }
    } catch (Exception | LinkageError e) {
      return null;
    }
  }

  /** A class file's header and method signatures. */
  static final class ClassFileType implements TypeInfo {
    private final ClassFileTypes types;
    final int access;
    final String name;
    private final String superName;
    private final String[] interfaceNames;
    final List<MethodInfo> methods = new ArrayList<>();
    /** Instance fields: name to descriptor; private ones are kept apart (not visible to subclasses). */
    final Map<String, String> fields = new HashMap<>();
    final Map<String, String> privateFields = new HashMap<>();

    ClassFileType(ClassFileTypes types, int access, String name, String superName, String[] interfaceNames) {
      this.types = types;
      this.access = access;
      this.name = name;
      this.superName = superName;
      this.interfaceNames = interfaceNames;
    }

    static ClassFileType read(ClassFileTypes types, ClassReader reader) {
      ClassFileType[] result = new ClassFileType[1];
      reader.accept(
          new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
              String[] names = new String[interfaces == null ? 0 : interfaces.length];
              for (int i = 0; i < names.length; i++) {
                names[i] = interfaces[i].replace('/', '.');
              }
              result[0] =
                  new ClassFileType(
                      types, access, name.replace('/', '.'), superName == null ? null : superName.replace('/', '.'), names);
            }

            @Override
            public org.objectweb.asm.FieldVisitor visitField(
                int access, String name, String descriptor, String signature, Object value) {
              if ((access & Opcodes.ACC_STATIC) == 0) {
                ((access & Opcodes.ACC_PRIVATE) != 0 ? result[0].privateFields : result[0].fields).put(name, descriptor);
              }
              return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
              result[0].methods.add(new ClassFileMethod(access, name, descriptor));
              return null;
            }
          },
          ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
      return result[0];
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int modifiers() {
      return access;
    }

    /**
     * The descriptor of an instance field this class's code can read as {@code this.name}: its own
     * (private included) or a non-private one inherited from a superclass; null if there is none.
     */
    String fieldDescriptor(String field) {
      String own = fields.containsKey(field) ? fields.get(field) : privateFields.get(field);
      if (own != null) {
        return own;
      }
      for (ClassFileType t = superClass(); t != null; t = t.superClass()) {
        if (t.fields.containsKey(field)) {
          return t.fields.get(field);
        }
      }
      return null;
    }

    @Override
    public ClassFileType superClass() {
      return superName == null || (access & Opcodes.ACC_INTERFACE) != 0 ? null : types.find(superName);
    }

    @Override
    public List<TypeInfo> interfaces() {
      if (interfaceNames.length == 0) {
        return Collections.emptyList();
      }
      List<TypeInfo> found = new ArrayList<>(interfaceNames.length);
      for (String i : interfaceNames) {
        ClassFileType t = types.find(i);
        if (t != null) {
          found.add(t);
        }
      }
      return found;
    }

    @Override
    public List<MethodInfo> declaredMethods() {
      return methods;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A method's access flags and descriptor; parameter types are parsed when first asked for. */
  static final class ClassFileMethod implements MethodInfo {
    final int access;
    final String name;
    final String descriptor;
    private List<NamedElement> parameters;

    ClassFileMethod(int access, String name, String descriptor) {
      this.access = access;
      this.name = name;
      this.descriptor = descriptor;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int modifiers() {
      return access;
    }

    @Override
    public String descriptor() {
      return descriptor;
    }

    @Override
    public List<NamedElement> parameterTypes() {
      List<NamedElement> p = parameters;
      if (p == null) {
        Type[] args = Type.getArgumentTypes(descriptor);
        p = new ArrayList<>(args.length);
        for (Type arg : args) {
          p.add(typeName(arg));
        }
        parameters = p;
      }
      return p;
    }

    @Override
    public NamedElement returnType() {
      return typeName(Type.getReturnType(descriptor));
    }

    /** Names as {@link Class#getName()} gives them. */
    static NamedElement typeName(Type type) {
      String name =
          type.getSort() == Type.ARRAY ? type.getDescriptor().replace('/', '.') : type.getClassName();
      return () -> name;
    }

    @Override
    public String toString() {
      return name + descriptor;
    }
  }
}
