package dev.lantern.bootstrap;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The bootstrap method of every advice call site the agent weaves.
 *
 * <p>Advice is not inlined into application classes: the woven method calls the advice through
 * an {@code invokedynamic} instruction whose bootstrap method is {@link #bootstrap}. On first
 * execution the JVM calls it with the instrumented class's lookup; the agent's {@link Linker}
 * loads the advice class in a class loader that sees both that class's library and the agent API,
 * and returns a handle to the advice method, which the JIT then treats as a constant call. If
 * linking fails, the call site becomes a no-op returning the default value, so the application
 * runs on unobserved rather than broken.
 */
public final class IndyBootstrap {

  /** Implemented by the agent core; resolves an advice method for an application class loader. */
  public interface Linker {
    MethodHandle link(ClassLoader loader, String adviceClass, String method, MethodType type)
        throws Throwable;
  }

  private static volatile Linker linker;

  private IndyBootstrap() {}

  /** Installs the linker once; later calls are ignored so no other code can take over dispatch. */
  public static synchronized void setLinker(Linker newLinker) {
    if (linker == null) {
      linker = newLinker;
    }
  }

  public static CallSite bootstrap(
      MethodHandles.Lookup lookup, String method, MethodType type, String adviceClass) {
    Linker current = linker;
    if (current != null) {
      try {
        MethodHandle handle =
            current.link(lookup.lookupClass().getClassLoader(), adviceClass, method, type);
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
