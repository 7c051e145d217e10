package dev.lantern.bootstrap;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The bootstrap method of every advice call site the agent weaves.
 *
 * <p>The agent defines a copy of this class as {@code java.lang.LanternIndyBootstrap} in the
 * bootstrap class loader, so that woven code in any class loader and any module can link to it.
 * It therefore uses JDK types only: the agent hands in its linker as a method handle.
 *
 * <p>Advice is not inlined into application classes: the woven method calls the advice through
 * an {@code invokedynamic} instruction whose bootstrap method is {@link #bootstrap}. On first
 * execution the JVM calls it with the instrumented class's lookup; the linker loads the advice
 * class in a class loader that sees both that class's library and the agent API, and returns a
 * handle to the advice method, which the JIT then treats as a constant call. If linking fails,
 * the call site becomes a no-op returning the default value, so the application runs on
 * unobserved rather than broken.
 */
public final class IndyBootstrap {

  /** {@code (ClassLoader, String adviceClass, String method, MethodType) -> MethodHandle}. */
  private static volatile MethodHandle linker;

  private IndyBootstrap() {}

  /** Installs the linker once; later calls are ignored so no other code can take over dispatch. */
  public static synchronized void setLinker(MethodHandle newLinker) {
    if (linker == null) {
      linker = newLinker;
    }
  }

  /**
   * Links one advice call site. {@code module} names the instrumentation in error reports:
   * whatever the advice throws is passed to {@link AdviceErrors} and the call answers its type's
   * default value, so woven code needs no exception handler of its own.
   */
  public static CallSite bootstrap(
      MethodHandles.Lookup lookup, String method, MethodType type, String adviceClass, String module) {
    MethodHandle target = null;
    MethodHandle current = linker;
    if (current != null) {
      try {
        MethodHandle handle =
            (MethodHandle)
                current.invokeExact(
                    lookup.lookupClass().getClassLoader(), adviceClass, method, type);
        if (handle != null) {
          target = handle.asType(type);
        }
      } catch (Throwable t) {
        AdviceErrors.handle(t, "link:" + adviceClass);
      }
    }
    if (target == null) {
      return new ConstantCallSite(MethodHandles.empty(type));
    }
    try {
      MethodHandle report =
          MethodHandles.insertArguments(
              MethodHandles.lookup()
                  .findStatic(
                      AdviceErrors.class,
                      "handle",
                      MethodType.methodType(void.class, Throwable.class, String.class)),
              1,
              module);
      MethodHandle answerDefault =
          MethodHandles.foldArguments(
              MethodHandles.empty(MethodType.methodType(type.returnType(), Throwable.class)), report);
      MethodHandle handler = MethodHandles.dropArguments(answerDefault, 1, type.parameterList());
      return new ConstantCallSite(MethodHandles.catchException(target, Throwable.class, handler));
    } catch (Throwable t) {
      AdviceErrors.handle(t, "link:" + adviceClass);
      return new ConstantCallSite(MethodHandles.empty(type));
    }
  }

  /**
   * What woven code assigns from an advice's return value: element {@code index} of the returned
   * array, or the value itself ({@code index} -1); {@code current} when there is none.
   */
  public static Object pick(Object returned, int index, Object current) {
    if (index < 0) {
      return returned != null ? returned : current;
    }
    if (returned instanceof Object[]) {
      Object[] array = (Object[]) returned;
      if (index < array.length && array[index] != null) {
        return array[index];
      }
    }
    return current;
  }

  /** Ends woven code's exit block: rethrows what the instrumented method threw, if anything. */
  public static void rethrowIfNotNull(Throwable thrown) {
    if (thrown != null) {
      IndyBootstrap.<RuntimeException>sneakyThrow(thrown);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }
}
