package dev.lantern.agent.api.health;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passive health of everything the application calls, derived from its own calls (no probing):
 * client instrumentations report each call here ({@link #record}), and the metrics port turns the
 * sliding windows into a status per dependency.
 *
 * <p>Status rules over the last {@value DependencyWindow#SECONDS} s (documented in the README):
 *
 * <ul>
 *   <li>DOWN: at least {@value #MIN_CALLS} calls and an error rate of 50% or more, or only failures
 *       since the last success and none for {@value DependencyWindow#SECONDS} s.
 *   <li>DEGRADED: an error rate of 5% or more, or a p95 latency above the configured threshold.
 *   <li>UP: otherwise (also when there were no calls in the window; the last state is kept).
 * </ul>
 *
 * The number of dependencies is capped ({@value #MAX_DEPENDENCIES}); calls to further ones are
 * counted under {@value #OVERFLOW}.
 */
public final class DependencyHealth {

  public static final int MAX_DEPENDENCIES = 200;
  public static final String OVERFLOW = "_overflow";
  static final int MIN_CALLS = 5;

  /** One dependency: its kind ("http", "db", "kafka", "llm"), name and window. */
  public static final class Dependency {
    public final String kind;
    public final String name;
    final DependencyWindow window = new DependencyWindow();

    Dependency(String kind, String name) {
      this.kind = kind;
      this.name = name;
    }

    public String id() {
      return kind + ":" + name;
    }
  }

  public enum Status {
    UP,
    DEGRADED,
    DOWN
  }

  /** kind → name → qualifier ("" when none) → dependency. */
  private static final Map<String, Map<String, Map<String, Dependency>>> BY_KIND =
      new ConcurrentHashMap<>();
  private static final java.util.concurrent.atomic.AtomicInteger COUNT = new java.util.concurrent.atomic.AtomicInteger();
  private static volatile long slowMillis = 2000;

  private DependencyHealth() {}

  /** The p95 latency (ms) above which a dependency is DEGRADED; set from configuration. */
  public static void setSlowThresholdMillis(long millis) {
    slowMillis = millis;
  }

  /** Reports one finished call; cheap, allocation-free for known dependencies, never throws. */
  public static void record(String kind, String name, long durationNanos, boolean error) {
    record(kind, name, null, durationNanos, error);
  }

  /**
   * The same, for a dependency named by two parts (host and port): the combined name ({@code
   * name:qualifier}) is built once, when the dependency is first seen.
   */
  public static void record(
      String kind, String name, String qualifier, long durationNanos, boolean error) {
    if (kind == null || name == null) {
      return;
    }
    try {
      dependency(kind, name, qualifier).window.record(System.currentTimeMillis(), durationNanos, error);
    } catch (RuntimeException ignored) {
      // health bookkeeping must never reach the application
    }
  }

  // get-then-putIfAbsent rather than computeIfAbsent with lambdas: each lambda spins a class on
  // the application's first traced call
  private static Dependency dependency(String kind, String name, String qualifier) {
    Map<String, Map<String, Dependency>> ofKind = mapOf(BY_KIND, kind);
    Map<String, Dependency> ofName = ofKind.get(name);
    String q = qualifier == null ? "" : qualifier;
    if (ofName != null) {
      Dependency existing = ofName.get(q);
      if (existing != null) {
        return existing;
      }
    }
    if (COUNT.get() >= MAX_DEPENDENCIES) {
      return dependencyOf(mapOf(ofKind, OVERFLOW), "", kind, OVERFLOW, false);
    }
    return dependencyOf(mapOf(ofKind, name), q, kind, q.isEmpty() ? name : name + ":" + q, true);
  }

  private static <V> Map<String, V> mapOf(Map<String, Map<String, V>> maps, String key) {
    Map<String, V> map = maps.get(key);
    if (map == null) {
      Map<String, V> created = new ConcurrentHashMap<>();
      map = maps.putIfAbsent(key, created);
      if (map == null) {
        map = created;
      }
    }
    return map;
  }

  private static Dependency dependencyOf(
      Map<String, Dependency> ofName, String qualifier, String kind, String id, boolean counted) {
    Dependency dependency = ofName.get(qualifier);
    if (dependency == null) {
      Dependency created = new Dependency(kind, id);
      dependency = ofName.putIfAbsent(qualifier, created);
      if (dependency == null) {
        dependency = created;
        if (counted) {
          COUNT.incrementAndGet();
        }
      }
    }
    return dependency;
  }

  /** Every dependency seen so far, by kind and name. */
  public static List<Dependency> all() {
    List<Dependency> list = new ArrayList<>();
    for (Map<String, Map<String, Dependency>> ofKind : BY_KIND.values()) {
      for (Map<String, Dependency> ofName : ofKind.values()) {
        list.addAll(ofName.values());
      }
    }
    list.sort((a, b) -> a.id().compareTo(b.id()));
    return Collections.unmodifiableList(list);
  }

  public static DependencyWindow.Snapshot snapshot(Dependency dependency) {
    return dependency.window.snapshot(System.currentTimeMillis());
  }

  public static Status status(DependencyWindow.Snapshot s, long nowMillis) {
    boolean failingSinceSuccess = s.lastFailureMillis > s.lastSuccessMillis;
    if ((s.calls >= MIN_CALLS && s.errorRate() >= 0.5)
        || (failingSinceSuccess && nowMillis - s.lastSuccessMillis >= DependencyWindow.SECONDS * 1000L
            && s.errors > 0)) {
      return Status.DOWN;
    }
    if ((s.calls > 0 && s.errorRate() >= 0.05) || (s.p95Millis > slowMillis)) {
      return Status.DEGRADED;
    }
    return Status.UP;
  }

  /** 1.0 healthy … 0.0 failing: the success rate, halved while the p95 is above the threshold. */
  public static double score(DependencyWindow.Snapshot s) {
    double score = s.calls == 0 ? 1.0 : 1.0 - s.errorRate();
    return s.p95Millis > slowMillis ? score / 2 : score;
  }

  /** For tests: forget every dependency. */
  public static void reset() {
    BY_KIND.clear();
    COUNT.set(0);
  }
}
