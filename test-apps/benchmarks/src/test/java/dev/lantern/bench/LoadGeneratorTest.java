package dev.lantern.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator's unmeasured lead-in: the measured part runs on the connections the lead-in
 * opened (reconnecting made the app's JIT recompile inside the measured window), and only the
 * requests sent after it began are timed.
 */
class LoadGeneratorTest {

  private HttpServer server;
  /** Client ports the server saw, i.e. connections. */
  private final Set<Integer> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong served = new AtomicLong();

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      connections.add(exchange.getRemoteAddress().getPort());
      served.incrementAndGet();
      // no body: the answer is one write, so Nagle's algorithm cannot hold it back for 40 ms
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void closedLoopMeasuresOnlyAfterTheLeadInOnTheSameConnections() throws Exception {
    AtomicLong servedAtMeasureStart = new AtomicLong(-1);
    LoadGenerator.Result result =
        LoadGenerator.run(server.getAddress().getPort(), "/x", 2, 1.0, 0.5, () -> servedAtMeasureStart.set(served.get()));

    assertTrue(servedAtMeasureStart.get() > 0, "the callback ran after the lead-in had sent requests");
    assertTrue(result.unmeasuredRequests > 0, "lead-in requests counted apart");
    assertTrue(result.latenciesNanos.length > 0, "requests measured");
    assertEquals(served.get(), result.unmeasuredRequests + result.latenciesNanos.length, "every request accounted for");
    assertEquals(2, connections.size(), "one connection per client, kept from the lead-in into the measured part");
    assertEquals(0, result.errors);
    // the whole run took 1.5 s and more; throughput is over the measured half second only
    assertTrue(result.seconds < 1.2, "measured " + result.seconds + " s");
  }

  @Test
  void fixedRateMeasuresOnlyAfterTheLeadInOnTheSameConnections() throws Exception {
    LoadGenerator.Result result =
        LoadGenerator.runAtRate(server.getAddress().getPort(), "/x", 2, 200, 0.5, 0.5, () -> {});

    assertEquals(2, connections.size(), "one connection per client");
    assertEquals(served.get(), result.unmeasuredRequests + result.latenciesNanos.length);
    // 200 a second for 0.5 s each part; the schedule, not the server's speed, sets the counts
    assertTrue(result.unmeasuredRequests >= 80 && result.unmeasuredRequests <= 110, "lead-in " + result.unmeasuredRequests);
    assertTrue(result.latenciesNanos.length >= 80 && result.latenciesNanos.length <= 110, "measured " + result.latenciesNanos.length);
  }
}
