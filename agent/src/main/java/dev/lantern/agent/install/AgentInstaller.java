package dev.lantern.agent.install;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import dev.lantern.agent.metrics.SelfMetrics;
import dev.lantern.bootstrap.AgentClassLoader;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaConstant;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs one ByteBuddy transformer carrying the type instrumentations of the enabled modules.
 *
 * <p>Advice is woven as {@code invokedynamic} call sites bound by {@code
 * java.lang.LanternIndyBootstrap} (see {@link BootstrapClasses} and {@link IndyLinker}); that
 * class and {@code java.lang.LanternAdviceErrors} are the only agent classes woven code names.
 * Anything advice throws is caught in the woven code and passed to the latter with the module's
 * name. Classes loaded before the agent (attach, or JDK classes) are retransformed.
 */
public final class AgentInstaller {

  private final Instrumentation instrumentation;
  private final AgentClassLoader agentClassLoader;
  private final SelfMetrics metrics;

  public AgentInstaller(
      Instrumentation instrumentation, AgentClassLoader agentClassLoader, SelfMetrics metrics) {
    this.instrumentation = instrumentation;
    this.agentClassLoader = agentClassLoader;
    this.metrics = metrics;
  }

  public ResettableClassFileTransformer install(
      List<InstrumentationModule> modules, BiConsumer<String, Throwable> adviceErrorHandler)
      throws Exception {
    BootstrapClasses bootstrap = BootstrapClasses.define(instrumentation);
    bootstrap.setErrorHandler(adviceErrorHandler);
    IndyLinker linker = new IndyLinker(agentClassLoader);
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
    TransformListener listener = new TransformListener(metrics);

    Advice.WithCustomMapping mapping =
        Advice.withCustomMapping()
            .with(new Advice.AssignReturned.Factory())
            .bootstrap(bootstrap.bootstrapMethod(), AdviceClassNameArgument.FACTORY);
    ClassFileLocator agentClasses = new AgentJarLocator(agentClassLoader);

    AgentBuilder builder =
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.PoolStrategy.Default.FAST)
            .with(listener)
            .ignore(new IgnoredTypes());

    for (InstrumentationModule module : modules) {
      StackManipulation onError = errorHandler(module.name(), bootstrap.errorHandlerMethod());
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        AgentBuilder.Transformer.ForAdvice advice =
            new AgentBuilder.Transformer.ForAdvice(mapping)
                .include(agentClasses)
                .withExceptionHandler(new Advice.ExceptionHandler.Simple(onError));
        AdviceCollector collector = new AdviceCollector(advice);
        type.transform(collector);
        builder =
            builder
                .type(type.typeMatcher(), module.classLoaderMatcher())
                .transform(new ModuleTransformer(module.name(), collector.advice, listener));
      }
    }
    return builder.installOn(instrumentation);
  }

  /** Pushes the module name and calls {@code LanternAdviceErrors.handle(Throwable, String)}. */
  private static StackManipulation errorHandler(String moduleName, Method handle) {
    return new StackManipulation.Compound(
        new TextConstant(moduleName),
        MethodInvocation.invoke(new MethodDescription.ForLoadedMethod(handle)));
  }

  /** Collects the advice a type instrumentation declares into ByteBuddy's advice transformer. */
  private static final class AdviceCollector implements TypeTransformer {
    AgentBuilder.Transformer.ForAdvice advice;

    AdviceCollector(AgentBuilder.Transformer.ForAdvice advice) {
      this.advice = advice;
    }

    @Override
    public void applyAdviceToMethod(
        ElementMatcher<? super MethodDescription> methodMatcher, String adviceClassName) {
      advice = advice.advice(methodMatcher, adviceClassName);
    }
  }

  /** Applies a module's advice to a matched type and records the match for the listener. */
  private static final class ModuleTransformer implements AgentBuilder.Transformer {
    private final String moduleName;
    private final AgentBuilder.Transformer delegate;
    private final TransformListener listener;

    ModuleTransformer(String moduleName, AgentBuilder.Transformer delegate, TransformListener listener) {
      this.moduleName = moduleName;
      this.delegate = delegate;
      this.listener = listener;
    }

    @Override
    public DynamicType.Builder<?> transform(
        DynamicType.Builder<?> builder,
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        ProtectionDomain protectionDomain) {
      listener.matched(type.getName(), moduleName);
      return delegate.transform(builder, type, loader, module, protectionDomain);
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
