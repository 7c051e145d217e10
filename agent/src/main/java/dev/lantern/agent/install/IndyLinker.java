package dev.lantern.agent.install;

import dev.lantern.bootstrap.AgentClassLoader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Links advice call sites: loads the advice class in the {@link InstrumentationClassLoader} of
 * the instrumented class's loader and returns a handle to the advice method.
 *
 * <p>The map holds both the application loader and our loader weakly: our loader references its
 * parent, so a strong value would keep every application loader (a redeployed web app, say)
 * alive forever. Our loader stays alive exactly as long as something uses it: the linked call
 * sites in the application's classes, and the helper objects created from it.
 */
final class IndyLinker {

  private static final String ADVICE_PACKAGE = "dev.lantern.instrumentation.";

  private final AgentClassLoader agent;
  private final Map<ClassLoader, WeakReference<InstrumentationClassLoader>> loaders =
      new WeakHashMap<>();
  private volatile InstrumentationClassLoader forBootstrap;

  /** Advice classes whose call sites throw instead of running (test-only fault injection). */
  private final java.util.Set<String> throwingAdvice;

  IndyLinker(AgentClassLoader agent, java.util.Set<String> throwingAdvice) {
    this.agent = agent;
    this.throwingAdvice = throwingAdvice;
  }

  /** Called (through a method handle) by {@code LanternIndyBootstrap.bootstrap}. */
  public MethodHandle link(ClassLoader loader, String adviceClass, String method, MethodType type)
      throws Throwable {
    if (!adviceClass.startsWith(ADVICE_PACKAGE)) {
      throw new IllegalArgumentException("not an advice class of the agent: " + adviceClass);
    }
    if (throwingAdvice.contains(adviceClass)) {
      // lantern.testing.advice-throw: every enter and exit of this advice throws, so tests can
      // show that the woven code contains it and the application behaves as without the agent
      MethodHandle thrower =
          MethodHandles.throwException(type.returnType(), IllegalStateException.class)
              .bindTo(new IllegalStateException("injected by lantern.testing.advice-throw"));
      return MethodHandles.dropArguments(thrower, 0, type.parameterList());
    }
    Class<?> advice = Class.forName(adviceClass, true, loaderFor(loader));
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    try {
      return lookup.findStatic(advice, method, type);
    } catch (NoSuchMethodException e) {
      // the call site may use a more general type than the declaration; adapt it
      for (Method candidate : advice.getMethods()) {
        if (candidate.getName().equals(method) && Modifier.isStatic(candidate.getModifiers())) {
          return lookup.unreflect(candidate).asType(type);
        }
      }
      throw e;
    }
  }

  InstrumentationClassLoader loaderFor(ClassLoader applicationLoader) {
    if (applicationLoader == null) {
      InstrumentationClassLoader boot = forBootstrap;
      if (boot == null) {
        synchronized (this) {
          if (forBootstrap == null) {
            forBootstrap = new InstrumentationClassLoader(null, agent);
          }
          boot = forBootstrap;
        }
      }
      return boot;
    }
    synchronized (loaders) {
      WeakReference<InstrumentationClassLoader> ref = loaders.get(applicationLoader);
      InstrumentationClassLoader existing = ref == null ? null : ref.get();
      if (existing == null) {
        existing = new InstrumentationClassLoader(applicationLoader, agent);
        loaders.put(applicationLoader, new WeakReference<>(existing));
      }
      return existing;
    }
  }
}
