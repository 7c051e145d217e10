package dev.lantern.agent.install;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * An advice class as read from its class file: its enter and exit methods, what each parameter is
 * bound to and where returned values are assigned (ByteBuddy's {@code Advice} annotations, see {@link dev.lantern.agent.api.TypeTransformer}).
 * Read once per advice class when the weaving is prepared; the class itself is only loaded when
 * woven code first calls it.
 */
final class AdviceClass {

  /** ByteBuddy's advice annotations: the API advice classes are written against. */
  private static final String ADVICE = "Lnet/bytebuddy/asm/Advice$";

  /** What an advice parameter receives. */
  enum Binding {
    ARGUMENT,
    THIS,
    RETURN,
    THROWN,
    ENTER,
    FIELD
  }

  /** One advice parameter. */
  static final class Parameter {
    Binding binding;
    int index; // ARGUMENT
    String field; // FIELD
    final Type type;

    Parameter(Type type) {
      this.type = type;
    }
  }

  /** Where a returned value goes: an argument, the return value (-1 target) or a field. */
  static final class Assignment {
    final int argument; // -1 unless an argument
    final String field; // null unless a field
    final int index; // element of the returned array, -1: the value itself

    Assignment(int argument, String field, int index) {
      this.argument = argument;
      this.field = field;
      this.index = index;
    }

    boolean toReturned() {
      return argument < 0 && field == null;
    }
  }

  /** An enter or exit method. */
  static final class AdviceMethod {
    final String name;
    final Type type;
    final List<Parameter> parameters = new ArrayList<>();
    final List<Assignment> assignments = new ArrayList<>();
    /** Internal name of the throwable type the exit advice also runs for; null: normal return only. */
    String onThrowable;

    AdviceMethod(String name, String descriptor) {
      this.name = name;
      this.type = Type.getMethodType(descriptor);
      for (Type t : type.getArgumentTypes()) {
        parameters.add(new Parameter(t));
      }
    }

    boolean uses(Binding binding) {
      for (Parameter p : parameters) {
        if (p.binding == binding) {
          return true;
        }
      }
      return false;
    }
  }

  final String name;
  AdviceMethod enter;
  AdviceMethod exit;

  private AdviceClass(String name) {
    this.name = name;
  }

  static AdviceClass read(String name, byte[] classFile) {
    AdviceClass advice = new AdviceClass(name);
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String method, String descriptor, String signature, String[] exceptions) {
                if ((access & Opcodes.ACC_STATIC) == 0 || (access & Opcodes.ACC_PUBLIC) == 0) {
                  return null;
                }
                AdviceMethod m = new AdviceMethod(method, descriptor);
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    switch (annotation) {
                      case ADVICE + "OnMethodEnter;":
                        advice.enter = m;
                        return null;
                      case ADVICE + "OnMethodExit;":
                        advice.exit = m;
                        return new AnnotationVisitor(Opcodes.ASM9) {
                          @Override
                          public void visit(String key, Object value) {
                            if (key.equals("onThrowable")) {
                              String thrown = ((Type) value).getInternalName();
                              m.onThrowable = thrown.endsWith("$NoExceptionHandler") ? null : thrown;
                            }
                          }
                        };
                      case ADVICE + "AssignReturned$ToReturned;":
                        return assignment(m, -1, false);
                      case ADVICE + "AssignReturned$ToArguments;":
                      case ADVICE + "AssignReturned$ToFields;":
                        return new AnnotationVisitor(Opcodes.ASM9) {
                          @Override
                          public AnnotationVisitor visitArray(String key) {
                            return new AnnotationVisitor(Opcodes.ASM9) {
                              @Override
                              public AnnotationVisitor visitAnnotation(String k, String nested) {
                                return assignment(m, 0, nested.endsWith("$ToField;"));
                              }
                            };
                          }
                        };
                      default:
                        return null;
                    }
                  }

                  @Override
                  public AnnotationVisitor visitParameterAnnotation(int index, String annotation, boolean visible) {
                    Parameter p = m.parameters.get(index);
                    switch (annotation) {
                      case ADVICE + "This;": p.binding = Binding.THIS; return null;
                      case ADVICE + "Return;": p.binding = Binding.RETURN; return null;
                      case ADVICE + "Thrown;": p.binding = Binding.THROWN; return null;
                      case ADVICE + "Enter;": p.binding = Binding.ENTER; return null;
                      case ADVICE + "Argument;":
                      case ADVICE + "FieldValue;":
                        p.binding = annotation.endsWith("Argument;") ? Binding.ARGUMENT : Binding.FIELD;
                        return new AnnotationVisitor(Opcodes.ASM9) {
                          @Override
                          public void visit(String key, Object value) {
                            if (key.equals("value")) {
                              if (value instanceof Integer) {
                                p.index = (Integer) value;
                              } else {
                                p.field = (String) value;
                              }
                            }
                          }
                        };
                      default:
                        return null;
                    }
                  }
                };
              }
            },
            ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    advice.check();
    return advice;
  }

  /** Collects one assignment's attributes and adds it when the annotation ends. */
  private static AnnotationVisitor assignment(AdviceMethod m, int kind, boolean field) {
    return new AnnotationVisitor(Opcodes.ASM9) {
      int argument = kind < 0 ? -1 : 0;
      String fieldName;
      int index = -1;

      @Override
      public void visit(String key, Object value) {
        if (key.equals("index")) {
          index = (Integer) value;
        } else if (key.equals("value")) {
          if (field) {
            fieldName = (String) value;
          } else {
            argument = (Integer) value;
          }
        }
      }

      @Override
      public void visitEnd() {
        m.assignments.add(new Assignment(field ? -1 : argument, fieldName, index));
      }
    };
  }

  private void check() {
    if (enter == null && exit == null) {
      throw new IllegalStateException(name + " has no @Advice.OnMethodEnter or @Advice.OnMethodExit method");
    }
    for (AdviceMethod m : new AdviceMethod[] {enter, exit}) {
      if (m == null) {
        continue;
      }
      for (Parameter p : m.parameters) {
        if (p.binding == null) {
          throw new IllegalStateException(name + "." + m.name + " has a parameter without an advice annotation");
        }
        if (m == enter && (p.binding == Binding.RETURN || p.binding == Binding.THROWN || p.binding == Binding.ENTER)) {
          throw new IllegalStateException(name + "." + m.name + ": @" + p.binding + " is for exit advice only");
        }
      }
    }
  }
}
