package dev.lantern.bench;

import com.sun.net.httpserver.HttpServer;
import dev.lantern.testing.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * What the checkout app talks to, running in the harness JVM (never instrumented): a Kafka
 * broker, the pricing service it calls over HTTP, and an OTLP sink for the agents' spans.
 */
final class BenchEnvironment implements AutoCloseable {

  final EmbeddedKafka kafka;
  final HttpServer pricing;
  final SpanCountingSink otlp;

  BenchEnvironment() throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    kafka = EmbeddedKafka.start();
    kafka.createTopic("orders", 1);
    pricing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    pricing.createContext("/price", exchange -> {
      byte[] body = "42".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    pricing.setExecutor(Executors.newFixedThreadPool(8));
    pricing.start();
    otlp = new SpanCountingSink();
  }

  String pricingUrl() {
    return "http://127.0.0.1:" + pricing.getAddress().getPort();
  }

  @Override
  public void close() {
    otlp.close();
    pricing.stop(0);
    kafka.close();
  }
}
