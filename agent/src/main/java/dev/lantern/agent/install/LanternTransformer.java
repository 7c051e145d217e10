package dev.lantern.agent.install;

import dev.lantern.agent.api.LanternThread;
import dev.lantern.agent.api.log.AgentLoggers;
import dev.lantern.bootstrap.AgentClassLoader;
import java.lang.instrument.ClassFileTransformer;
import java.lang.ref.WeakReference;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The agent's only class file transformer, registered in premain before anything heavy is loaded.
 *
 * <p>Every class the JVM loads passes a name check first (no allocation, no ByteBuddy): JDK,
 * agent and generated classes are skipped. Until the background start-up has prepared the
 * {@link Weaving}, other classes load untouched and are retransformed later if an instrumentation
 * matches them, except the types an instrumentation must see at load ({@code typesToAwait}),
 * whose loading waits for the weaving (at most {@value #MAX_WAIT_SECONDS} s). Once prepared,
 * each class is offered to the weaving directly.
 */
public final class LanternTransformer implements ClassFileTransformer {

  private static final Logger log = AgentLoggers.get(LanternTransformer.class);
  private static final int MAX_WAIT_SECONDS = 10;

  private final Set<String> typesToAwait;
  private final CountDownLatch prepared = new CountDownLatch(1);
  private final Queue<PassedEarly> passedEarly = new ConcurrentLinkedQueue<>();
  private volatile Weaving weaving;
  private volatile boolean waitTimedOut;

  /** @param typesToAwait internal names ({@code a/b/C}) of the types that wait for the weaving */
  public LanternTransformer(Set<String> typesToAwait) {
    this.typesToAwait = new HashSet<>(typesToAwait);
  }

  /** Hands over the prepared weaving (or null when preparing failed) and releases waiting loads. */
  public void prepared(Weaving prepared) {
    this.weaving = prepared;
    this.prepared.countDown();
    if (prepared == null) {
      passedEarly.clear(); // nothing will retransform them
    }
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile) {
    if (internalName == null
        || IgnoredTypes.isIgnored(internalName)
        || loader instanceof AgentClassLoader
        || loader instanceof InstrumentationClassLoader) {
      return null;
    }
    Weaving current = weaving;
    if (current == null) {
      if (!typesToAwait.contains(internalName) || LanternThread.isCurrent()) {
        if (classBeingRedefined == null && prepared.getCount() > 0) {
          // retransformed once the weaving is ready, if it matches; remembered because the class
          // may still be being defined when the loaded classes are listed
          passedEarly.add(new PassedEarly(loader, internalName));
        }
        return null;
      }
      current = awaitWeaving(internalName);
      if (current == null) {
        return null;
      }
    }
    try {
      return current.weave(loader, internalName, classBeingRedefined, classFile);
    } catch (Throwable t) {
      return null;
    }
  }

  /**
   * The classes that went through untouched before the weaving was ready, each once; later calls
   * return only those that passed since.
   */
  public List<PassedEarly> drainPassedEarly() {
    List<PassedEarly> drained = new ArrayList<>();
    for (PassedEarly p; (p = passedEarly.poll()) != null; ) {
      drained.add(p);
    }
    return drained;
  }

  /** A class that was offered to the transformer before the weaving was ready. */
  public static final class PassedEarly {
    private final WeakReference<ClassLoader> loader;
    private final boolean bootstrap;
    final String name;

    PassedEarly(ClassLoader loader, String internalName) {
      this.loader = new WeakReference<>(loader);
      this.bootstrap = loader == null;
      this.name = internalName.replace('/', '.');
    }

    /** The loader, or null for the bootstrap loader; empty when the loader is gone. */
    java.util.Optional<ClassLoader> loader() {
      ClassLoader l = loader.get();
      return bootstrap ? java.util.Optional.empty() : java.util.Optional.ofNullable(l);
    }

    boolean isBootstrap() {
      return bootstrap;
    }
  }

  private Weaving awaitWeaving(String internalName) {
    long start = System.nanoTime();
    try {
      if (!prepared.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS) && !waitTimedOut) {
        waitTimedOut = true;
        log.warn(
            "The agent was not ready within {} s when {} was loaded; it loads uninstrumented.",
            MAX_WAIT_SECONDS,
            internalName.replace('/', '.'));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (log.isDebugEnabled()) {
      log.debug("Start-up: loading {} waited {} ms for the weaving", internalName, (System.nanoTime() - start) / 1_000_000);
    }
    return weaving;
  }
}
