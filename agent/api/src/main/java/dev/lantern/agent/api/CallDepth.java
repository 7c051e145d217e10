package dev.lantern.agent.api;

/**
 * A per-thread re-entrancy counter keyed by a class, so that nested calls of the same kind (a
 * facade calling its implementation, a wrapper calling the driver) produce one span.
 *
 * <pre>{@code
 * enter: if (CallDepth.forClass(HttpClient.class).getAndIncrement() > 0) return null;
 * exit:  if (CallDepth.forClass(HttpClient.class).decrementAndGet() > 0) return;
 * }</pre>
 *
 * Lives in the agent class loader, which every instrumentation class loader shares, so the count
 * is the same whichever application class loader the instrumented classes come from.
 */
public final class CallDepth {

  private static final ClassValue<ThreadLocal<CallDepth>> DEPTHS =
      new ClassValue<ThreadLocal<CallDepth>>() {
        @Override
        protected ThreadLocal<CallDepth> computeValue(Class<?> type) {
          return ThreadLocal.withInitial(CallDepth::new);
        }
      };

  private int depth;

  private CallDepth() {}

  public static CallDepth forClass(Class<?> key) {
    return DEPTHS.get(key).get();
  }

  public int getAndIncrement() {
    return depth++;
  }

  public int decrementAndGet() {
    return --depth;
  }
}
