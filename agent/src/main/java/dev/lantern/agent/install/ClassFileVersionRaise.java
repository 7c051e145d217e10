package dev.lantern.agent.install;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

/**
 * Advice call sites are {@code invokedynamic} instructions, which class files older than Java 7
 * (version 51) may not contain: the JVM would reject the woven class. Such classes (libraries
 * still compiled for Java 6, e.g. Apache HttpClient 4.5) are raised to version 51 and get their
 * stack map frames computed (from the type pool, without loading classes). Code with {@code
 * jsr}/{@code ret} (Java 1.4 era compilers) cannot be raised; {@link #canRaise} refuses it.
 */
final class ClassFileVersionRaise implements AsmVisitorWrapper {

  static final int JAVA_7 = 51;

  static final ClassFileVersionRaise INSTANCE = new ClassFileVersionRaise();

  private ClassFileVersionRaise() {}

  /** The class file's major version, from its header. */
  static int majorVersion(byte[] classFile) {
    return ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
  }

  @Override
  public int mergeWriter(int flags) {
    return flags | ClassWriter.COMPUTE_FRAMES;
  }

  @Override
  public int mergeReader(int flags) {
    return flags;
  }

  @Override
  public ClassVisitor wrap(
      TypeDescription instrumentedType,
      ClassVisitor classVisitor,
      Implementation.Context implementationContext,
      TypePool typePool,
      FieldList<FieldDescription.InDefinedShape> fields,
      MethodList<?> methods,
      int writerFlags,
      int readerFlags) {
    return new ClassVisitor(Opcodes.ASM9, classVisitor) {
      @Override
      public void visit(
          int version, int access, String name, String signature, String superName, String[] interfaces) {
        int major = version & 0xFFFF;
        super.visit(major < JAVA_7 ? Opcodes.V1_7 : version, access, name, signature, superName, interfaces);
      }

      @Override
      public MethodVisitor visitMethod(
          int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        return new MethodVisitor(Opcodes.ASM9, mv) {
          @Override
          public void visitJumpInsn(int opcode, net.bytebuddy.jar.asm.Label label) {
            if (opcode == Opcodes.JSR) {
              throw new IllegalStateException("jsr instructions cannot be raised to Java 7");
            }
            super.visitJumpInsn(opcode, label);
          }
        };
      }
    };
  }
}
