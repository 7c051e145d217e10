package dev.lantern.agent.install;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import dev.lantern.agent.api.matcher.ElementMatcher;
import dev.lantern.agent.api.matcher.MethodInfo;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.bootstrap.AgentClassLoader;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves the advice of the enabled instrumentations into one class at a time, with ASM alone:
 * the class file is described for the matchers ({@link ClassFileTypes}), and each matched method
 * gets its advice calls ({@link AdviceMethodWeaver}). Nothing is generated at start-up and no
 * bytecode library beyond ASM's core is loaded, which is what keeps the agent's start-up short.
 * {@link LanternTransformer} calls {@link #weave} for each class that passes its name filter; this
 * class is built on a background thread while the application starts.
 *
 * <p>Advice is woven as {@code invokedynamic} call sites bound by {@code
 * java.lang.LanternIndyBootstrap} (see {@link BootstrapClasses} and {@link IndyLinker}); that
 * class and {@code java.lang.LanternAdviceErrors} are the only agent classes woven code names.
 * Anything advice throws is contained by the linked call site and passed to the latter with the
 * module's name. Woven classes gain no members, so retransformation works.
 */
public final class Weaving {

  private static final int JAVA_7 = 51;

  private CandidateRules<Rule> rules;
  /**
   * Whether this thread is weaving a class. Asked only once a class passed the pre-filter, so the
   * classes no rule can match (nearly all) cost no thread-local lookup; the flag stays in the
   * thread's map rather than being removed, so setting it creates nothing.
   */
  private final ThreadLocal<boolean[]> weavingOnThisThread =
      new ThreadLocal<boolean[]>() {
        @Override
        protected boolean[] initialValue() {
          return new boolean[1];
        }
      };
  private final TransformListener listener;
  private final String bootstrapClass;

  private Weaving(TransformListener listener, String bootstrapClass) {
    this.listener = listener;
    this.bootstrapClass = bootstrapClass;
  }

  /** Defines the dispatcher classes, links them to the agent and reads the advice of each module. */
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

    return of(
        modules,
        agentClassLoader::classBytes,
        listener,
        throwingModules,
        throwingAdvice,
        AdviceMethodWeaver.BOOTSTRAP_CLASS);
  }

  /**
   * Reads the advice of each module's type instrumentations. {@code bootstrapClass} is the
   * internal name of the class whose {@code bootstrap} method links the woven call sites (tests
   * use {@code dev.lantern.bootstrap.IndyBootstrap} itself, on their class path).
   */
  static Weaving of(
      List<InstrumentationModule> modules,
      Function<String, byte[]> adviceBytes,
      TransformListener listener,
      java.util.Set<String> throwingModules,
      java.util.Set<String> throwingAdvice,
      String bootstrapClass) {
    Weaving weaving = new Weaving(listener, bootstrapClass);
    CandidateRules.Builder<Rule> ruleIndex = CandidateRules.builder();
    for (InstrumentationModule module : modules) {
      // one loader matcher per module, shared by its types: its cache, and the debug line of a
      // loader with an unsupported version, are per module, not per type
      ElementMatcher<ClassLoader> loaders = module.classLoaderMatcher();
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        List<MethodAdvice> advice = new ArrayList<>();
        type.transform(
            (methods, adviceClassName) -> {
              // read when a class first needs it: most advice is for libraries the
              // application does not have, and reading it was a tenth of the start-up work
              advice.add(new MethodAdvice(methods, adviceClassName, adviceBytes));
              if (throwingModules.contains(module.name()) || throwingModules.contains("all")) {
                throwingAdvice.add(adviceClassName);
              }
            });
        ElementMatcher<TypeInfo> matcher = type.typeMatcher();
        ruleIndex.add(
            new Rule(module.name(), matcher, loaders, advice),
            matcher.requiredNames(),
            matcher.requiredConstants(),
            type.classFileMustContain());
      }
    }
    weaving.rules = ruleIndex.build();
    return weaving;
  }

  /**
   * The woven class file of {@code internalName} ({@code a/b/C}, as transformers get it), or null
   * when no instrumentation matches (or weaving failed, which is reported and leaves the class as
   * it was).
   */
  byte[] weave(ClassLoader loader, String internalName, Class<?> classBeingRedefined, byte[] classFile) {
    List<Rule> candidates = rules.forClassFile(internalName, classFile);
    if (candidates.isEmpty()) {
      return null; // no instrumentation can match: the class file is not even parsed
    }
    boolean[] busy = weavingOnThisThread.get();
    if (busy[0]) {
      return null; // a class loaded while this thread weaves another: never instrumented
    }
    busy[0] = true;
    try {
      return weave(loader, internalName, classBeingRedefined, classFile, candidates);
    } finally {
      busy[0] = false;
    }
  }

  private byte[] weave(
      ClassLoader loader, String internalName, Class<?> classBeingRedefined, byte[] classFile, List<Rule> candidates) {
    String className = internalName.replace('/', '.');
    ClassFileTypes types = new ClassFileTypes(loader);
    ClassReader reader;
    ClassFileTypes.ClassFileType type;
    List<Rule> matched = null;
    try {
      reader = new ClassReader(classFile); // parsed once: described here, woven below
      type = types.describe(reader);
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
    for (Rule rule : matched) {
      modules.add(rule.module);
    }
    try {
      byte[] woven = weave(reader, types, type, matched, bootstrapClass);
      if (woven == null) {
        return null; // the type matched, none of its methods did
      }
      listener.applied(className, loader, modules, classBeingRedefined != null);
      return woven;
    } catch (Throwable t) {
      listener.failed(className, modules, t);
      return null;
    }
  }

  private static byte[] weave(
      ClassReader reader,
      ClassFileTypes types,
      ClassFileTypes.ClassFileType self,
      List<Rule> matched,
      String bootstrapClass) {
    // classes older than Java 7 may not contain invokedynamic: raised to 51, with frames computed
    boolean raise = reader.readShort(6) < JAVA_7;
    ClassWriter writer =
        raise
            ? new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
                @Override
                protected String getCommonSuperClass(String a, String b) {
                  return types.commonSuperClass(a, b);
                }
              }
            : new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    AdviceClassVisitor visitor = new AdviceClassVisitor(writer, matched, raise, self, bootstrapClass);
    reader.accept(visitor, raise ? ClassReader.SKIP_FRAMES : ClassReader.EXPAND_FRAMES);
    return visitor.wovenMethods == 0 ? null : writer.toByteArray();
  }

  /** Whether any instrumentation matches an already loaded class (for retransformation). */
  boolean matchesLoaded(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    List<Rule> candidates = rules.forLoaded(type, () -> new ClassFileTypes(loader).classFile(type.getName()));
    if (candidates.isEmpty()) {
      return false; // most loaded classes: no class description is built for them
    }
    ClassFileTypes types = new ClassFileTypes(loader);
    TypeInfo description = new LoadedClassType(type, types);
    for (Rule rule : candidates) {
      if (rule.classLoader.matches(loader) && rule.type.matches(description)) {
        // a class without a class file (a generated one) is not retransformed
        return types.find(type.getName()) != null;
      }
    }
    return false;
  }

  /** Weaves the matched rules' advice into the methods their matchers select. */
  private static final class AdviceClassVisitor extends ClassVisitor {
    private final List<Rule> rules;
    private final boolean raise;
    private final ClassFileTypes.ClassFileType self;
    private final String bootstrapClass;
    private String owner;
    int wovenMethods;

    AdviceClassVisitor(
        ClassVisitor next, List<Rule> rules, boolean raise, ClassFileTypes.ClassFileType self, String bootstrapClass) {
      super(Opcodes.ASM9, next);
      this.bootstrapClass = bootstrapClass;
      this.rules = rules;
      this.raise = raise;
      this.self = self;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
      owner = name;
      super.visit(raise ? JAVA_7 : version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
      if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || "<clinit>".equals(name)) {
        return mv;
      }
      MethodInfo method = new ClassFileTypes.ClassFileMethod(access, name, descriptor);
      for (Rule rule : rules) {
        for (MethodAdvice advice : rule.advice) {
          if (advice.methods.matches(method)) {
            mv = new AdviceMethodWeaver(mv, access, name, descriptor, owner, advice.advice(), rule.module, self::fieldDescriptor, bootstrapClass);
            wovenMethods++;
          }
        }
      }
      return mv;
    }
  }

  /** One type instrumentation, ready to apply. */
  private static final class Rule {
    final String module;
    final ElementMatcher<TypeInfo> type;
    final ElementMatcher<ClassLoader> classLoader;
    final List<MethodAdvice> advice;

    Rule(
        String module,
        ElementMatcher<TypeInfo> type,
        ElementMatcher<ClassLoader> classLoader,
        List<MethodAdvice> advice) {
      this.module = module;
      this.type = type;
      this.classLoader = classLoader;
      this.advice = advice;
    }
  }

  /** An advice class, read on first use, and the methods it applies to. */
  private static final class MethodAdvice {
    final ElementMatcher<? super MethodInfo> methods;
    private final String adviceClassName;
    private final Function<String, byte[]> adviceBytes;
    private volatile AdviceClass advice;

    MethodAdvice(ElementMatcher<? super MethodInfo> methods, String adviceClassName, Function<String, byte[]> adviceBytes) {
      this.methods = methods;
      this.adviceClassName = adviceClassName;
      this.adviceBytes = adviceBytes;
    }

    /** The advice; a missing or unreadable advice class throws, which fails this weave only. */
    AdviceClass advice() {
      AdviceClass read = advice;
      if (read == null) {
        byte[] bytes = adviceBytes.apply(adviceClassName);
        if (bytes == null) {
          throw new IllegalStateException("advice class not found: " + adviceClassName);
        }
        read = AdviceClass.read(adviceClassName, bytes);
        advice = read; // two threads may both read it: same result, no lock on the class-load path
      }
      return read;
    }
  }
}
