package dev.lantern.bench.jmh;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * One {@code java.net.http.HttpClient.send} to a plain-socket server (not an instrumented library):
 * with the agent, a CLIENT span, header injection (a copied request) and the duration histogram.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpClientBenchmark {

  private RawHttp.Server server;
  private HttpClient client;
  private HttpRequest request;

  @Setup(Level.Trial)
  public void start() throws IOException {
    server = new RawHttp.Server();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/price")).build();
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    server.close();
  }

  @Benchmark
  public int clientCall() throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
