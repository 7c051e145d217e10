package dev.lantern.agent.install;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import dev.lantern.bootstrap.AgentClassLoader;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.LatentMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaConstant;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaves the advice of the enabled instrumentations into one class at a time, with ByteBuddy's
 * type matchers and {@code Advice}, but without ByteBuddy's {@code AgentBuilder}: building that
 * generates a transformer class at run time and costs a few hundred milliseconds the application
 * would wait for. {@link LanternTransformer} calls {@link #weave} for each class that passes its
 * name filter; this class is built on a background thread while the application starts.
 *
 * <p>Advice is woven as {@code invokedynamic} call sites bound by {@code
 * java.lang.LanternIndyBootstrap} (see {@link BootstrapClasses} and {@link IndyLinker}); that
 * class and {@code java.lang.LanternAdviceErrors} are the only agent classes woven code names.
 * Anything advice throws is caught in the woven code and passed to the latter with the module's
 * name. Classes are redefined "frozen" (no new members), so retransformation works.
 */
public final class Weaving {

  private final List<Rule> rules = new ArrayList<>();
  private final TransformListener listener;
  private final ByteBuddy byteBuddy =
      new ByteBuddy()
          .with(TypeValidation.DISABLED)
          .with(Implementation.Context.Disabled.Factory.INSTANCE)
          .with(InstrumentedType.Factory.Default.FROZEN)
          .with(VisibilityBridgeStrategy.Default.NEVER);

  private Weaving(TransformListener listener) {
    this.listener = listener;
  }

  /** Defines the dispatcher classes, links them to the agent and prepares the advice of each module. */
  public static Weaving prepare(
      Instrumentation inst,
      AgentClassLoader agentClassLoader,
      List<InstrumentationModule> modules,
      TransformListener listener,
      BiConsumer<String, Throwable> adviceErrorHandler,
      java.util.Set<String> throwingModules)
      throws Exception {
    BootstrapClasses bootstrap = BootstrapClasses.define(inst);
    bootstrap.setErrorHandler(adviceErrorHandler);
    java.util.Set<String> throwingAdvice = java.util.concurrent.ConcurrentHashMap.newKeySet();
    IndyLinker linker = new IndyLinker(agentClassLoader, throwingAdvice);
    bootstrap.setLinker(
        MethodHandles.lookup()
            .findVirtual(
                IndyLinker.class,
                "link",
                MethodType.methodType(
                    MethodHandle.class,
                    ClassLoader.class,
                    String.class,
                    String.class,
                    MethodType.class))
            .bindTo(linker));
    Advice.WithCustomMapping mapping =
        Advice.withCustomMapping()
            .with(new Advice.AssignReturned.Factory())
            .bootstrap(bootstrap.bootstrapMethod(), AdviceClassNameArgument.FACTORY);
    ClassFileLocator agentClasses = new AgentJarLocator(agentClassLoader);

    Weaving weaving = new Weaving(listener);
    for (InstrumentationModule module : modules) {
      StackManipulation onError = errorHandler(module.name(), bootstrap.errorHandlerMethod());
      // one loader matcher per module, shared by its types: its cache, and the debug line of a
      // loader with an unsupported version, are per module, not per type
      ElementMatcher<ClassLoader> loaders = module.classLoaderMatcher();
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        AdviceCollector collector =
            new AdviceCollector(
                new AgentBuilder.Transformer.ForAdvice(mapping)
                    .include(agentClasses)
                    .withExceptionHandler(new Advice.ExceptionHandler.Simple(onError)));
        type.transform(collector);
        if (throwingModules.contains(module.name()) || throwingModules.contains("all")) {
          throwingAdvice.addAll(collector.adviceClasses);
        }
        weaving.rules.add(
            new Rule(
                module.name(),
                type.typeMatcher(),
                loaders,
                collector.advice,
                ClassFileStrings.of(type.classFileMustContain())));
      }
    }
    return weaving;
  }

  /**
   * The woven class file, or null when no instrumentation matches (or weaving failed, which is
   * reported and leaves the class as it was).
   */
  byte[] weave(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile,
      Object module) {
    List<Rule> candidates = null;
    for (Rule rule : rules) {
      if (rule.mustContain.mayMatch(classFile)) {
        if (candidates == null) {
          candidates = new ArrayList<>(2);
        }
        candidates.add(rule);
      }
    }
    if (candidates == null) {
      return null; // no instrumentation can match: the class file is not even parsed
    }
    ClassFileLocator locator =
        new ClassFileLocator.Compound(
            ClassFileLocator.Simple.of(className, classFile),
            loader == null
                ? ClassFileLocator.ForClassLoader.ofBootLoader()
                : ClassFileLocator.ForClassLoader.of(loader));
    TypeDescription type;
    List<Rule> matched = null;
    try {
      TypePool pool =
          new TypePool.Default.WithLazyResolution(
              TypePool.CacheProvider.Simple.withObjectType(), locator, TypePool.Default.ReaderMode.FAST);
      type = pool.describe(className).resolve();
      for (Rule rule : candidates) {
        if (rule.classLoader.matches(loader) && rule.type.matches(type)) {
          if (matched == null) {
            matched = new ArrayList<>(2);
          }
          matched.add(rule);
        }
      }
    } catch (Throwable t) {
      listener.inspectionFailed(className, t);
      return null;
    }
    if (matched == null) {
      return null;
    }
    List<String> modules = new ArrayList<>(matched.size());
    try {
      JavaModule javaModule = module == null ? null : JavaModule.of(module);
      DynamicType.Builder<?> builder =
          byteBuddy
              .redefine(type, locator)
              .ignoreAlso(LatentMatcher.ForSelfDeclaredMethod.NOT_DECLARED);
      for (Rule rule : matched) {
        modules.add(rule.module);
        builder = rule.advice.transform(builder, type, loader, javaModule, protectionDomain);
      }
      if (ClassFileVersionRaise.majorVersion(classFile) < ClassFileVersionRaise.JAVA_7) {
        builder = builder.visit(ClassFileVersionRaise.INSTANCE);
      }
      byte[] woven = builder.make().getBytes();
      listener.applied(className, loader, modules, classBeingRedefined != null);
      return woven;
    } catch (Throwable t) {
      listener.failed(className, modules, t);
      return null;
    }
  }

  /** Whether any instrumentation matches an already loaded class (for retransformation). */
  boolean matchesLoaded(Class<?> type) {
    TypeDescription description = null;
    ClassLoader loader = type.getClassLoader();
    for (Rule rule : rules) {
      // the class file is gone: its supertypes' names stand in for the raw pre-filter, which
      // spares ByteBuddy's reflection on the thousands of JDK classes loaded at start-up
      if (!rule.mustContain.mayMatchLoaded(type)) {
        continue;
      }
      if (description == null) {
        description = TypeDescription.ForLoadedType.of(type);
      }
      if (rule.classLoader.matches(loader) && rule.type.matches(description)) {
        return true;
      }
    }
    return false;
  }

  /** Pushes the module name and calls {@code LanternAdviceErrors.handle(Throwable, String)}. */
  private static StackManipulation errorHandler(String moduleName, Method handle) {
    return new StackManipulation.Compound(
        new TextConstant(moduleName),
        MethodInvocation.invoke(new MethodDescription.ForLoadedMethod(handle)));
  }

  /** One type instrumentation, ready to apply. */
  private static final class Rule {
    final String module;
    final ElementMatcher<TypeDescription> type;
    final ElementMatcher<ClassLoader> classLoader;
    final AgentBuilder.Transformer.ForAdvice advice;
    final ClassFileStrings mustContain;

    Rule(
        String module,
        ElementMatcher<TypeDescription> type,
        ElementMatcher<ClassLoader> classLoader,
        AgentBuilder.Transformer.ForAdvice advice,
        ClassFileStrings mustContain) {
      this.module = module;
      this.type = type;
      this.classLoader = classLoader;
      this.advice = advice;
      this.mustContain = mustContain;
    }
  }

  /** Collects the advice a type instrumentation declares into ByteBuddy's advice transformer. */
  private static final class AdviceCollector implements TypeTransformer {
    AgentBuilder.Transformer.ForAdvice advice;
    final List<String> adviceClasses = new ArrayList<>();

    AdviceCollector(AgentBuilder.Transformer.ForAdvice advice) {
      this.advice = advice;
    }

    @Override
    public void applyAdviceToMethod(
        ElementMatcher<? super MethodDescription> methodMatcher, String adviceClassName) {
      advice = advice.advice(methodMatcher, adviceClassName);
      adviceClasses.add(adviceClassName);
    }
  }

  /** The only bootstrap argument of advice call sites: the advice class's name. */
  private enum AdviceClassNameArgument implements Advice.BootstrapArgumentResolver.Factory {
    FACTORY;

    @Override
    public Advice.BootstrapArgumentResolver resolve(
        MethodDescription.InDefinedShape adviceMethod, boolean exit) {
      String name = adviceMethod.getDeclaringType().getName();
      return (instrumentedType, instrumentedMethod) ->
          Collections.singletonList(JavaConstant.Simple.ofLoaded(name));
    }
  }

  /** Reads advice class files from the agent jar's hidden entries, for ByteBuddy to describe. */
  private static final class AgentJarLocator implements ClassFileLocator {
    private final AgentClassLoader loader;

    AgentJarLocator(AgentClassLoader loader) {
      this.loader = loader;
    }

    @Override
    public Resolution locate(String name) {
      byte[] bytes = loader.classBytes(name);
      return bytes == null ? new Resolution.Illegal(name) : new Resolution.Explicit(bytes);
    }

    @Override
    public void close() {}
  }
}
