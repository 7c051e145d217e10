package dev.lantern.agent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter's path through {@link java.net.HttpURLConnection} (https, proxies): a collector that
 * takes the connection and stops reading must not hold the export thread for ever, over plain
 * http and over TLS, and ordinary https posts must still work.
 */
class UrlConnectionHttpPostTest {

  /** Far more than the kernel's send and receive buffers hold: the write must wait. */
  private static final byte[] HUGE = new byte[64 * 1024 * 1024];

  @TempDir Path dir;
  private SSLSocketFactory defaultFactory;

  @BeforeEach
  void keepDefault() {
    defaultFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
  }

  @AfterEach
  void restoreDefault() {
    HttpsURLConnection.setDefaultSSLSocketFactory(defaultFactory);
  }

  @Test
  void aCollectorThatStopsReadingEndsTheWriteAtTheTimeout() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor = idleAfterAccept(server, false);
      UrlConnectionHttpPost post =
          new UrlConnectionHttpPost(new URL("http://127.0.0.1:" + server.getLocalPort() + "/v1/traces"), Map.of(), 500);
      SocketTimeoutException e = failsWithinGuard(post);
      assertTrue(e.getMessage().contains("writing the request to the collector at 127.0.0.1:"), e.getMessage());
      acceptor.interrupt();
    }
  }

  @Test
  void overTlsToo() throws Exception {
    SSLContext tls = selfSignedContext();
    HttpsURLConnection.setDefaultSSLSocketFactory(tls.getSocketFactory());
    try (SSLServerSocket server =
        (SSLServerSocket)
            tls.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor = idleAfterAccept(server, true);
      UrlConnectionHttpPost post =
          new UrlConnectionHttpPost(new URL("https://127.0.0.1:" + server.getLocalPort() + "/v1/traces"), Map.of(), 500);
      // without the linger on the TLS socket the deadline's close would wait for the blocked writer
      SocketTimeoutException e = failsWithinGuard(post);
      assertTrue(e.getMessage().contains("writing the request to the collector at 127.0.0.1:"), e.getMessage());
      acceptor.interrupt();
    }
  }

  @Test
  void httpsPostsAreAnswered() throws Exception {
    SSLContext tls = selfSignedContext();
    HttpsURLConnection.setDefaultSSLSocketFactory(tls.getSocketFactory());
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    AtomicInteger received = new AtomicInteger();
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            received.addAndGet(in.readAllBytes().length);
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      UrlConnectionHttpPost post =
          new UrlConnectionHttpPost(
              new URL("https://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces"),
              Map.of("Content-Type", "application/x-protobuf"),
              5000);
      byte[] body = new byte[100_000];
      assertEquals(200, post.post(body, body.length).status);
      assertEquals(200, post.post(body, 10).status);
      assertEquals(100_010, received.get());
    } finally {
      server.stop(0);
    }
  }

  private static SocketTimeoutException failsWithinGuard(UrlConnectionHttpPost post) {
    // a hang guard, not a speed check: a write without a deadline would never return
    return assertTimeoutPreemptively(
        Duration.ofSeconds(30), () -> assertThrows(SocketTimeoutException.class, () -> post.post(HUGE, HUGE.length)));
  }

  /** Accepts one connection (finishing the TLS handshake), then never reads. */
  private static Thread idleAfterAccept(ServerSocket server, boolean tls) {
    Thread acceptor =
        new Thread(
            () -> {
              try (Socket socket = server.accept()) {
                if (tls) {
                  ((SSLSocket) socket).startHandshake();
                }
                Thread.sleep(30_000);
              } catch (IOException | InterruptedException ignored) {
                // the test is over
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    return acceptor;
  }

  /** A key pair and certificate for 127.0.0.1 made with the JDK's keytool; trusted by the same context. */
  private SSLContext selfSignedContext() throws Exception {
    Path store = dir.resolve("collector.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "collector", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertEquals(0, keytool.waitFor(), output);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, "changeit".toCharArray());
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(keys);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }
}
