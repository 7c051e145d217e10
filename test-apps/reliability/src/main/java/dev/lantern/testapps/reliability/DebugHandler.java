package dev.lantern.testapps.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The application's own figures, from its MXBeans: {@code /debug/heap} (heap in use after full
 * collections, bytes), {@code /debug/deadlocks} (deadlocked threads and live threads), {@code
 * /debug/consumed} (Kafka records the consumer processed).
 */
final class DebugHandler implements HttpHandler {

  private final Backends b;

  DebugHandler(Backends backends) {
    this.b = backends;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String what = Responses.lastSegment(exchange);
    switch (what) {
      case "heap":
        Responses.text(exchange, 200, Long.toString(heapAfterGc()));
        return;
      case "deadlocks":
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] deadlocked = threads.findDeadlockedThreads();
        Responses.text(
            exchange,
            200,
            "deadlocked=" + (deadlocked == null ? 0 : deadlocked.length)
                + " threads=" + threads.getThreadCount());
        return;
      case "consumed":
        Responses.text(
            exchange,
            200,
            b.consumer == null
                ? "0"
                : b.consumer.processed() + (b.consumer.failures() > 0 ? " failures=" + b.consumer.failures() : ""));
        return;
      default:
        Responses.text(exchange, 404, "no " + what);
    }
  }

  /** Heap in use right after full collections: the smallest of three, so a collection racing with load does not count. */
  static long heapAfterGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
