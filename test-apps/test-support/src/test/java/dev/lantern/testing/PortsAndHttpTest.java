package dev.lantern.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortsAndHttpTest {

  @Test
  void freePortCanBeBoundAndAwaited() throws IOException {
    int port = Ports.freePort();
    assertFalse(Ports.isListening(port));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/echo",
        exchange -> {
          byte[] body =
              (exchange.getRequestMethod()
                      + " "
                      + exchange.getRequestHeaders().getFirst("X-Test")
                      + " "
                      + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("X-Reply", "one");
          exchange.getResponseHeaders().add("X-Reply", "two");
          exchange.sendResponseHeaders(201, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      Ports.awaitListening(port, Duration.ofSeconds(10));
      HttpResult result =
          Http.post("http://127.0.0.1:" + port + "/echo", "héllo", Map.of("X-Test", "t1"));
      assertEquals(201, result.status());
      assertEquals("POST t1 héllo", result.body());
      assertEquals("one", result.header("X-REPLY"));
      assertEquals(2, result.headers().get("x-reply").size());
      assertEquals(result, result.requireStatus(201));
      AssertionError wrong = assertThrows(AssertionError.class, () -> result.requireStatus(200));
      assertTrue(wrong.getMessage().contains("POST t1 héllo"), wrong.getMessage());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void connectionFailuresAreUnchecked() {
    int port = Ports.freePort();
    UncheckedIOException error =
        assertThrows(UncheckedIOException.class, () -> Http.get("http://127.0.0.1:" + port + "/"));
    assertTrue(error.getMessage().contains(":" + port), error.getMessage());
    AssertionError timeout =
        assertThrows(AssertionError.class, () -> Ports.awaitListening(port, Duration.ofMillis(200)));
    assertTrue(timeout.getMessage().contains(String.valueOf(port)), timeout.getMessage());
  }
}
