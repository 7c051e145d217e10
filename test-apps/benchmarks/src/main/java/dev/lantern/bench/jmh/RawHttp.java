package dev.lantern.bench.jmh;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Plain-socket HTTP/1.1 pieces for the micro-benchmarks: a keep-alive client, and a tiny server
 * that is not an instrumented library (so a client benchmark measures the client side only).
 */
final class RawHttp {

  private RawHttp() {}

  /** A keep-alive connection sending one fixed GET and reading the answer. */
  static final class Client implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] request;

    Client(int port, String path) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      in = new BufferedInputStream(socket.getInputStream(), 1024);
      out = socket.getOutputStream();
      request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Returns the status code. */
    int get() throws IOException {
      out.write(request);
      out.flush();
      int status = -1;
      long length = 0;
      String line = readLine(in);
      status = Integer.parseInt(line.substring(9, 12));
      while (!(line = readLine(in)).isEmpty()) {
        if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Long.parseLong(line.substring(15).trim());
        }
      }
      while (length-- > 0) {
        if (in.read() < 0) {
          throw new IOException("closed mid-body");
        }
      }
      return status;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Answers every request on every connection with 200 "ok", one thread per connection. */
  static final class Server implements AutoCloseable {
    private static final byte[] RESPONSE =
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    private final ServerSocket serverSocket;

    Server() throws IOException {
      serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "raw-http-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return serverSocket.getLocalPort();
    }

    private void accept() {
      while (!serverSocket.isClosed()) {
        try {
          Socket socket = serverSocket.accept();
          socket.setTcpNoDelay(true);
          Thread handler = new Thread(() -> serve(socket), "raw-http-connection");
          handler.setDaemon(true);
          handler.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private static void serve(Socket socket) {
      try (Socket s = socket) {
        InputStream in = new BufferedInputStream(s.getInputStream(), 4096);
        OutputStream out = s.getOutputStream();
        while (true) {
          String line = readLine(in);
          if (line.isEmpty()) {
            continue;
          }
          while (!readLine(in).isEmpty()) {
            // headers are not needed
          }
          out.write(RESPONSE);
          out.flush();
        }
      } catch (IOException | RuntimeException e) {
        // connection closed
      }
    }

    @Override
    public void close() throws IOException {
      serverSocket.close();
    }
  }

  static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) {
        throw new IOException("closed");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
