package dev.lantern.agent.install;

import dev.lantern.agent.install.AdviceClass.AdviceMethod;
import dev.lantern.agent.install.AdviceClass.Assignment;
import dev.lantern.agent.install.AdviceClass.Binding;
import dev.lantern.agent.install.AdviceClass.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;

/**
 * Weaves one advice class into one method.
 *
 * <pre>
 *   enter = invokedynamic enter(args...)            // after super(...) in constructors
 *   [arguments assigned from enter]
 *   try {                                           // only with onThrowable
 *     original body; each "return x" becomes: ret = x; goto exit
 *   } catch (Throwable t) { thrown = t }
 *   exit: invokedynamic exit(enter, ret, thrown, args...)
 *   [return value or fields assigned from exit]
 *   rethrowIfNotNull(thrown); return ret
 * </pre>
 *
 * The calls are {@code invokedynamic} sites linked by {@code java.lang.LanternIndyBootstrap},
 * which contains anything the advice throws. The only stack map frames written here are those of
 * the handler and the exit block; every local they rely on is created and initialised before the
 * original code runs, so the original frames (remapped by {@link
 * org.objectweb.asm.commons.LocalVariablesSorter}) stay valid. Arguments the exit advice reads are
 * copied at entry, so frames never depend on the types the original code keeps in its slots.
 */
final class AdviceMethodWeaver extends AdviceAdapter {

  static final String BOOTSTRAP_CLASS = "java/lang/LanternIndyBootstrap";
  private static final String BOOTSTRAP_DESCRIPTOR =
      "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
          + "Ljava/lang/String;Ljava/lang/String;)Ljava/lang/invoke/CallSite;";
  private static final Type OBJECT = Type.getType(Object.class);
  private static final Type THROWABLE = Type.getType(Throwable.class);

  private final String owner;
  private final Type bootstrapType;
  private final Handle bootstrap;
  private final AdviceClass advice;
  private final String module;
  private final Function<String, String> fields;
  private final boolean isStatic;
  private final boolean isConstructor;
  private final Type[] argumentTypes;
  private final Type returnType;

  /** The locals this class created (their types: {@link #getLocalType}), for the exit frames. */
  private final List<Integer> myLocals = new ArrayList<>();
  private int enterLocal = -1;
  private int returnLocal = -1;
  private int thrownLocal = -1;
  private int[] argumentCopies; // the local holding each argument the exit advice reads, or -1
  private boolean entered;
  private final Label tryStart = new Label();
  private final Label exitLabel = new Label();

  AdviceMethodWeaver(
      MethodVisitor next,
      int access,
      String name,
      String descriptor,
      String owner,
      AdviceClass advice,
      String module,
      Function<String, String> fields,
      String bootstrapClass) {
    super(Opcodes.ASM9, next, access, name, descriptor);
    this.bootstrapType = Type.getObjectType(bootstrapClass);
    this.bootstrap = new Handle(Opcodes.H_INVOKESTATIC, bootstrapClass, "bootstrap", BOOTSTRAP_DESCRIPTOR, false);
    this.owner = owner;
    this.advice = advice;
    this.module = module;
    this.fields = fields;
    this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
    this.isConstructor = "<init>".equals(name);
    this.argumentTypes = Type.getArgumentTypes(descriptor);
    this.returnType = Type.getReturnType(descriptor);
    check(advice.enter);
    check(advice.exit);
  }

  /** Fails the weaving (the class stays as it was) for advice this method cannot take. */
  private void check(AdviceMethod m) {
    if (m == null) {
      return;
    }
    for (Parameter p : m.parameters) {
      if (p.binding == Binding.ARGUMENT && p.index >= argumentTypes.length) {
        throw new IllegalStateException(advice.name + ": no argument " + p.index);
      }
      if (p.binding == Binding.FIELD && (isStatic || fields.apply(p.field) == null)) {
        throw new IllegalStateException(advice.name + ": no instance field " + p.field + " in " + owner);
      }
    }
    for (Assignment a : m.assignments) {
      Type target;
      if (a.field != null) {
        String descriptor = fields.apply(a.field);
        if (isStatic || descriptor == null) {
          throw new IllegalStateException(advice.name + ": no instance field " + a.field + " in " + owner);
        }
        target = Type.getType(descriptor);
      } else if (a.argument >= 0) {
        if (a.argument >= argumentTypes.length) {
          throw new IllegalStateException(advice.name + ": no argument " + a.argument);
        }
        target = argumentTypes[a.argument];
      } else {
        target = returnType;
      }
      if (target.getSort() != Type.OBJECT && target.getSort() != Type.ARRAY) {
        throw new IllegalStateException(advice.name + ": only references can be assigned, not " + target);
      }
    }
  }

  private boolean hasExit() {
    return advice.exit != null;
  }

  private boolean catchesThrown() {
    return hasExit() && advice.exit.onThrowable != null && !isConstructor;
  }

  @Override
  protected void onMethodEnter() {
    entered = true;
    AdviceMethod exit = advice.exit;
    if (hasExit()) {
      if (exit.uses(Binding.ENTER) && advice.enter != null) {
        enterLocal = myLocal(erased(advice.enter.type.getReturnType()));
      }
      if (returnType.getSort() != Type.VOID) {
        returnLocal = myLocal(returnType);
      }
      thrownLocal = myLocal(THROWABLE);
    }
    if (advice.enter != null) {
      callAdvice(advice.enter);
      Type result = erased(advice.enter.type.getReturnType());
      if (result.getSort() != Type.VOID) {
        int value = enterLocal >= 0 ? enterLocal : myLocal(result);
        storeLocal(value);
        for (Assignment a : advice.enter.assignments) {
          if (a.argument >= 0) {
            loadLocal(value);
            push(a.index);
            loadArg(a.argument);
            invokeStatic(bootstrapType, PICK);
            checkCast(argumentTypes[a.argument]);
            storeArg(a.argument);
          }
        }
      }
    }
    if (hasExit()) {
      argumentCopies = new int[argumentTypes.length];
      java.util.Arrays.fill(argumentCopies, -1);
      for (Parameter p : exit.parameters) {
        if (p.binding == Binding.ARGUMENT && argumentCopies[p.index] < 0) {
          int copy = newLocal(argumentTypes[p.index]);
          loadArg(p.index);
          storeLocal(copy);
          myLocals.add(copy);
          argumentCopies[p.index] = copy;
        }
      }
      if (catchesThrown()) {
        visitLabel(tryStart);
      }
    }
  }

  private static final org.objectweb.asm.commons.Method PICK =
      org.objectweb.asm.commons.Method.getMethod("Object pick(Object, int, Object)");
  private static final org.objectweb.asm.commons.Method RETHROW =
      org.objectweb.asm.commons.Method.getMethod("void rethrowIfNotNull(Throwable)");

  /** A new local, initialised now to its default value so every later frame holds it. */
  private int myLocal(Type type) {
    int local = newLocal(type);
    pushDefault(type);
    storeLocal(local);
    myLocals.add(local);
    return local;
  }

  private void pushDefault(Type type) {
    switch (type.getSort()) {
      case Type.BOOLEAN:
      case Type.CHAR:
      case Type.BYTE:
      case Type.SHORT:
      case Type.INT:
        push(0);
        break;
      case Type.LONG:
        push(0L);
        break;
      case Type.FLOAT:
        push(0f);
        break;
      case Type.DOUBLE:
        push(0d);
        break;
      default:
        visitInsn(Opcodes.ACONST_NULL);
    }
  }

  @Override
  public void visitInsn(int opcode) {
    if (hasExit() && entered && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
      if (returnLocal >= 0) {
        storeLocal(returnLocal);
      }
      goTo(exitLabel);
      return;
    }
    super.visitInsn(opcode);
  }

  @Override
  public void visitJumpInsn(int opcode, Label label) {
    if (opcode == Opcodes.JSR) {
      throw new IllegalStateException("jsr/ret code cannot be woven");
    }
    super.visitJumpInsn(opcode, label);
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    if (hasExit() && entered) {
      if (catchesThrown()) {
        Label tryEnd = new Label();
        Label handler = new Label();
        visitLabel(tryEnd);
        visitLabel(handler);
        frame(new Object[] {advice.exit.onThrowable});
        storeLocal(thrownLocal);
        visitTryCatchBlock(tryStart, tryEnd, handler, advice.exit.onThrowable);
      }
      visitLabel(exitLabel);
      frame(new Object[0]);
      callAdvice(advice.exit);
      Type result = erased(advice.exit.type.getReturnType());
      if (result.getSort() != Type.VOID) {
        if (advice.exit.assignments.isEmpty()) {
          pop(result);
        } else {
          int value = newLocal(result);
          storeLocal(value);
          for (Assignment a : advice.exit.assignments) {
            if (a.toReturned() && returnLocal >= 0) {
              loadLocal(value);
              push(a.index);
              loadLocal(returnLocal);
              invokeStatic(bootstrapType, PICK);
              checkCast(returnType);
              storeLocal(returnLocal);
            } else if (a.field != null) {
              Type fieldType = Type.getType(fields.apply(a.field));
              loadThis();
              loadLocal(value);
              push(a.index);
              loadThis();
              getField(Type.getObjectType(owner), a.field, fieldType);
              invokeStatic(bootstrapType, PICK);
              checkCast(fieldType);
              putField(Type.getObjectType(owner), a.field, fieldType);
            }
          }
        }
      }
      loadLocal(thrownLocal);
      invokeStatic(bootstrapType, RETHROW);
      if (returnLocal >= 0) {
        loadLocal(returnLocal);
      }
      mv.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
    }
    super.visitMaxs(maxStack, maxLocals);
  }

  private void pop(Type type) {
    visitInsn(type.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
  }

  /** Pushes what each parameter is bound to and calls the advice method through invokedynamic. */
  private void callAdvice(AdviceMethod m) {
    Type[] callTypes = new Type[m.parameters.size()];
    for (int i = 0; i < callTypes.length; i++) {
      Parameter p = m.parameters.get(i);
      switch (p.binding) {
        case ARGUMENT:
          if (m == advice.exit) {
            loadLocal(argumentCopies[p.index]);
          } else {
            loadArg(p.index);
          }
          callTypes[i] = argumentTypes[p.index];
          break;
        case THIS:
          if (isStatic) {
            visitInsn(Opcodes.ACONST_NULL);
            callTypes[i] = OBJECT;
          } else {
            loadThis();
            callTypes[i] = Type.getObjectType(owner);
          }
          break;
        case RETURN:
          if (returnLocal >= 0) {
            loadLocal(returnLocal);
            callTypes[i] = returnType;
          } else {
            visitInsn(Opcodes.ACONST_NULL);
            callTypes[i] = OBJECT;
          }
          break;
        case THROWN:
          loadLocal(thrownLocal);
          callTypes[i] = THROWABLE;
          break;
        case ENTER:
          if (enterLocal >= 0) {
            loadLocal(enterLocal);
            callTypes[i] = erased(advice.enter.type.getReturnType());
          } else {
            visitInsn(Opcodes.ACONST_NULL);
            callTypes[i] = OBJECT;
          }
          break;
        case FIELD:
          Type fieldType = Type.getType(fields.apply(p.field));
          loadThis();
          getField(Type.getObjectType(owner), p.field, fieldType);
          callTypes[i] = fieldType;
          break;
        default:
          throw new IllegalStateException("unknown binding " + p.binding);
      }
    }
    Type result = erased(m.type.getReturnType());
    mv.visitInvokeDynamicInsn(
        m.name, Type.getMethodDescriptor(result, callTypes), bootstrap, advice.name, module);
  }

  /**
   * The exit block's and handler's frame: the instrumented object, then only the locals this
   * class created (the original code's are unused from here on, so they are left unspecified).
   */
  private void frame(Object[] stack) {
    int slots = nextLocal;
    Object[] bySlot = new Object[slots];
    java.util.Arrays.fill(bySlot, Opcodes.TOP);
    if (!isStatic) {
      bySlot[0] = owner;
    }
    for (int local : myLocals) {
      bySlot[local] = frameType(getLocalType(local));
    }
    List<Object> locals = new ArrayList<>(slots);
    for (int slot = 0; slot < slots; slot++) {
      Object t = bySlot[slot];
      locals.add(t);
      if (t == Opcodes.LONG || t == Opcodes.DOUBLE) {
        slot++;
      }
    }
    mv.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), stack.length, stack);
  }

  private static Object frameType(Type type) {
    switch (type.getSort()) {
      case Type.BOOLEAN:
      case Type.CHAR:
      case Type.BYTE:
      case Type.SHORT:
      case Type.INT:
        return Opcodes.INTEGER;
      case Type.LONG:
        return Opcodes.LONG;
      case Type.FLOAT:
        return Opcodes.FLOAT;
      case Type.DOUBLE:
        return Opcodes.DOUBLE;
      default:
        return type.getInternalName();
    }
  }

  /**
   * An advice signature type as woven code may name it: JDK types and primitives as they are, the
   * agent's own types as {@code Object} (the application's class loader cannot see them; the call
   * site's linking casts).
   */
  static Type erased(Type type) {
    Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
    if (element.getSort() != Type.OBJECT || element.getInternalName().startsWith("java/")) {
      return type;
    }
    return OBJECT;
  }
}
