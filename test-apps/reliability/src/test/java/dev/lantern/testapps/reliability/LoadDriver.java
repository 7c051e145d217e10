package dev.lantern.testapps.reliability;

import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Concurrent clients sending requests for a while, bounded in time and in count, optionally
 * paced to a total rate. Every answer is checked by the caller's function; the driver counts
 * outcomes and keeps latencies for the figures (never for assertions).
 */
final class LoadDriver {

  /** What a run did. */
  static final class Result {
    final int requests;
    final Map<String, Integer> failures;
    final double seconds;
    final long[] latenciesMicros;

    Result(int requests, Map<String, Integer> failures, double seconds, long[] latenciesMicros) {
      this.requests = requests;
      this.failures = failures;
      this.seconds = seconds;
      this.latenciesMicros = latenciesMicros;
    }

    int failed() {
      return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    double rate() {
      return requests / seconds;
    }

    /** Latency percentile in milliseconds. */
    double percentileMillis(double p) {
      if (latenciesMicros.length == 0) {
        return 0;
      }
      long[] sorted = latenciesMicros.clone();
      Arrays.sort(sorted);
      int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
      return sorted[Math.max(0, index)] / 1000.0;
    }

    String describe() {
      return String.format(
          "%d requests in %.1f s (%.0f req/s), p50 %.1f ms, p99 %.1f ms, %d failed %s",
          requests, seconds, rate(), percentileMillis(50), percentileMillis(99), failed(), failures);
    }
  }

  /** One request: given its sequence number, returns null when the answer was right, else why not. */
  interface Request {
    String send(int sequence);
  }

  private LoadDriver() {}

  /** A GET whose answer must have status 200 and a body starting with {@code bodyPrefix.apply(n)}. */
  static Request get(IntFunction<String> url, IntFunction<Map<String, String>> headers, IntFunction<String> bodyPrefix) {
    return n -> {
      HttpResult r = Http.get(url.apply(n), headers.apply(n), Duration.ofSeconds(60));
      if (r.status() != 200) {
        return "status " + r.status();
      }
      return r.body().startsWith(bodyPrefix.apply(n)) ? null : "body " + r.body();
    };
  }

  /**
   * Runs {@code clients} threads until {@code duration} has passed or {@code maxRequests} were
   * sent; {@code ratePerSecond} > 0 paces the total.
   */
  static Result run(int clients, Duration duration, int maxRequests, double ratePerSecond, Request request) {
    AtomicInteger sequence = new AtomicInteger();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    List<List<Long>> latencies = new ArrayList<>();
    AtomicLong completed = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    long intervalNanos = ratePerSecond > 0 ? (long) (1e9 / ratePerSecond) : 0;
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      List<Long> mine = new ArrayList<>();
      latencies.add(mine);
      Thread t =
          new Thread(
              () -> {
                while (System.nanoTime() < deadline) {
                  int n = sequence.getAndIncrement();
                  if (n >= maxRequests) {
                    return;
                  }
                  if (intervalNanos > 0) {
                    long due = start + n * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      sleepNanos(wait);
                    }
                  }
                  long t0 = System.nanoTime();
                  String problem;
                  try {
                    problem = request.send(n);
                  } catch (RuntimeException e) {
                    problem = e.getClass().getSimpleName();
                  }
                  mine.add((System.nanoTime() - t0) / 1000);
                  completed.incrementAndGet();
                  if (problem != null) {
                    failures.merge(shorten(problem), 1, Integer::sum);
                  }
                }
              },
              "load-client-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join(duration.toMillis() + 120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " is still waiting for an answer 2 minutes after the load ended");
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int requests = (int) completed.get();
    long[] all = latencies.stream().flatMap(List::stream).mapToLong(Long::longValue).toArray();
    return new Result(requests, new TreeMap<>(failures), seconds, all);
  }

  private static String shorten(String problem) {
    return problem.length() > 200 ? problem.substring(0, 200) + "…" : problem;
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
