package dev.lantern.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback port helpers for tests that start servers in forked JVMs. */
public final class Ports {
  private Ports() {}

  /**
   * A port that was free on 127.0.0.1 a moment ago. Prefer letting a server bind port 0 when it can
   * report the port back; use this when the port must be chosen before the server starts (e.g. the
   * agent's metrics port in a forked JVM).
   */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /** Whether something accepts TCP connections on 127.0.0.1:port right now. */
  public static boolean isListening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Waits, polling every 50 ms, until 127.0.0.1:port accepts connections.
   *
   * @throws AssertionError on timeout
   */
  public static void awaitListening(int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isListening(port)) {
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("nothing listens on 127.0.0.1:" + port + " after " + timeout);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for port " + port, e);
      }
    }
  }
}
