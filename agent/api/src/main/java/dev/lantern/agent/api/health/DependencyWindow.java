package dev.lantern.agent.api.health;

/**
 * Calls to one dependency over the last {@value #SECONDS} seconds, in one-second buckets: count,
 * errors and a coarse latency histogram (for p95). Updates and reads lock this object briefly;
 * nothing is allocated per call.
 */
public final class DependencyWindow {

  public static final int SECONDS = 60;

  /** Upper bounds (ms) of the latency buckets; the last bucket is everything above. */
  static final long[] BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000};

  private final long[] second = new long[SECONDS];
  private final long[] calls = new long[SECONDS];
  private final long[] errors = new long[SECONDS];
  private final long[][] latency = new long[SECONDS][BOUNDS_MS.length + 1];
  private long lastSuccessMillis;
  private long lastFailureMillis;
  private long totalCalls;

  synchronized void record(long nowMillis, long durationNanos, boolean error) {
    long now = nowMillis / 1000;
    int slot = (int) (now % SECONDS);
    if (second[slot] != now) {
      second[slot] = now;
      calls[slot] = 0;
      errors[slot] = 0;
      java.util.Arrays.fill(latency[slot], 0);
    }
    calls[slot]++;
    totalCalls++;
    if (error) {
      errors[slot]++;
      lastFailureMillis = nowMillis;
    } else {
      lastSuccessMillis = nowMillis;
    }
    long millis = durationNanos / 1_000_000;
    int bucket = 0;
    while (bucket < BOUNDS_MS.length && millis > BOUNDS_MS[bucket]) {
      bucket++;
    }
    latency[slot][bucket]++;
  }

  /** The figures over the window ending now. */
  synchronized Snapshot snapshot(long nowMillis) {
    long now = nowMillis / 1000;
    long windowCalls = 0;
    long windowErrors = 0;
    long[] histogram = new long[BOUNDS_MS.length + 1];
    for (int i = 0; i < SECONDS; i++) {
      if (now - second[i] < SECONDS && second[i] <= now) {
        windowCalls += calls[i];
        windowErrors += errors[i];
        for (int b = 0; b < histogram.length; b++) {
          histogram[b] += latency[i][b];
        }
      }
    }
    return new Snapshot(windowCalls, windowErrors, p95(histogram, windowCalls), lastSuccessMillis,
        lastFailureMillis, totalCalls);
  }

  private static long p95(long[] histogram, long count) {
    if (count == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(count * 0.95);
    long seen = 0;
    for (int b = 0; b < histogram.length; b++) {
      seen += histogram[b];
      if (seen >= rank) {
        return b < BOUNDS_MS.length ? BOUNDS_MS[b] : BOUNDS_MS[BOUNDS_MS.length - 1] * 2;
      }
    }
    return BOUNDS_MS[BOUNDS_MS.length - 1] * 2;
  }

  /** Window figures; p95 is the upper bound of the bucket holding the 95th percentile (ms). */
  public static final class Snapshot {
    public final long calls;
    public final long errors;
    public final long p95Millis;
    public final long lastSuccessMillis;
    public final long lastFailureMillis;
    public final long totalCalls;

    Snapshot(long calls, long errors, long p95Millis, long lastSuccessMillis, long lastFailureMillis, long totalCalls) {
      this.calls = calls;
      this.errors = errors;
      this.p95Millis = p95Millis;
      this.lastSuccessMillis = lastSuccessMillis;
      this.lastFailureMillis = lastFailureMillis;
      this.totalCalls = totalCalls;
    }

    public double errorRate() {
      return calls == 0 ? 0 : (double) errors / calls;
    }
  }
}
