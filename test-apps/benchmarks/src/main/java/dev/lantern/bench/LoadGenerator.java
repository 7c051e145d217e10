package dev.lantern.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A closed-loop HTTP/1.1 load generator on plain keep-alive sockets: {@code concurrency} clients
 * each send the next request as soon as the previous answer arrived, for a fixed time. Small and
 * cheap on purpose: it shares the machine with the application under test.
 */
final class LoadGenerator {

  private LoadGenerator() {}

  /** Latencies (ns, sorted) of completed requests and the number of failed ones. */
  static final class Result {
    final long[] latenciesNanos;
    final long errors;
    final double seconds;

    Result(long[] latenciesNanos, long errors, double seconds) {
      this.latenciesNanos = latenciesNanos;
      this.errors = errors;
      this.seconds = seconds;
    }

    double throughput() {
      return latenciesNanos.length / seconds;
    }

    double percentileMillis(double p) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
      return latenciesNanos[Math.max(0, Math.min(latenciesNanos.length - 1, index))] / 1e6;
    }
  }

  static Result run(int port, String path, int concurrency, double seconds) throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Client> clients = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      Client client = new Client(port, path + (path.contains("?") ? "&" : "?") + "c=" + c, end);
      Thread thread = new Thread(client::run, "load-" + c);
      thread.setDaemon(true);
      clients.add(client);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long errors = 0;
    int total = 0;
    for (Client client : clients) {
      errors += client.errors;
      total += client.count;
    }
    long[] all = new long[total];
    int pos = 0;
    for (Client client : clients) {
      System.arraycopy(client.latencies, 0, all, pos, client.count);
      pos += client.count;
    }
    Arrays.sort(all);
    return new Result(all, errors, elapsed);
  }

  /** One connection, one request at a time. */
  private static final class Client {
    private final int port;
    private final byte[] request;
    private final long end;
    long[] latencies = new long[4096];
    int count;
    long errors;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Client(int port, String path, long end) {
      this.port = port;
      this.end = end;
      this.request =
          ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    void run() {
      while (System.nanoTime() < end) {
        try {
          if (socket == null) {
            connect();
          }
          long t0 = System.nanoTime();
          out.write(request);
          out.flush();
          int status = readResponse();
          long t1 = System.nanoTime();
          if (status != 200) {
            errors++;
          }
          if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
          }
          latencies[count++] = t1 - t0;
        } catch (IOException | RuntimeException e) {
          errors++;
          close();
        }
      }
      close();
    }

    private void connect() throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30_000);
      in = new BufferedInputStream(socket.getInputStream(), 1024);
      out = socket.getOutputStream();
    }

    /** Reads one response (status line, headers, Content-Length body); returns the status. */
    private int readResponse() throws IOException {
      int status = Integer.parseInt(readLine().split(" ")[1]);
      long length = 0;
      for (String line; !(line = readLine()).isEmpty(); ) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
          length = Long.parseLong(line.substring(colon + 1).trim());
        }
      }
      while (length > 0) {
        long skipped = in.skip(length);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("connection closed mid-body");
          }
          skipped = 1;
        }
        length -= skipped;
      }
      return status;
    }

    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder(64);
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          throw new IOException("connection closed");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    private void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      socket = null;
    }
  }
}
