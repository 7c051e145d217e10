package dev.lantern.bench.jmh;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One request to a JDK HttpServer over a keep-alive loopback connection: with the agent, a SERVER
 * span, its propagation and correlation ID, and the duration histogram per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpServerBenchmark {

  private HttpServer server;

  @Setup(Level.Trial)
  public void start() throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
    server.createContext("/orders", exchange -> {
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @TearDown(Level.Trial)
  public void stop() {
    server.stop(0);
  }

  /** A keep-alive connection per benchmark thread. */
  @State(Scope.Thread)
  public static class Connection {
    RawHttp.Client client;

    @Setup(Level.Trial)
    public void open(HttpServerBenchmark bench) throws IOException {
      client = new RawHttp.Client(bench.server.getAddress().getPort(), "/orders/42");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      client.close();
    }
  }

  @Benchmark
  public int serverRequest(Connection connection) throws IOException {
    return connection.client.get();
  }
}
