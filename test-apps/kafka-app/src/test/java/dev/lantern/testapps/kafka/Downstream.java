package dev.lantern.testapps.kafka;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The processor's downstream service, in the test JVM (not under the agent): answers 200 and
 * records the query and the propagation headers of each request.
 */
final class Downstream implements AutoCloseable {

  record Request(String query, String traceparent, String correlationId, String baggage) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  Downstream() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/work",
        exchange -> {
          requests.add(
              new Request(
                  exchange.getRequestURI().getQuery(),
                  exchange.getRequestHeaders().getFirst("traceparent"),
                  exchange.getRequestHeaders().getFirst("X-Correlation-ID"),
                  exchange.getRequestHeaders().getFirst("baggage")));
          exchange.sendResponseHeaders(200, 2);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write("ok".getBytes());
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
