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

  public static CallSite bootstrap(
      MethodHandles.Lookup lookup, String method, MethodType type, String adviceClass) {
    MethodHandle current = linker;
    if (current != null) {
      try {
        MethodHandle handle =
            (MethodHandle)
                current.invokeExact(
                    lookup.lookupClass().getClassLoader(), adviceClass, method, type);
        if (handle != null) {
          return new ConstantCallSite(handle.asType(type));
        }
      } catch (Throwable t) {
        AdviceErrors.handle(t, "link:" + adviceClass);
      }
    }
    return new ConstantCallSite(MethodHandles.empty(type));
  }
}
