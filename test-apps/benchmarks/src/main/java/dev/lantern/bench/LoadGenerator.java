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
import java.util.concurrent.locks.LockSupport;

/**
 * An HTTP/1.1 load generator on plain keep-alive sockets, in two modes. Closed loop ({@link #run}):
 * {@code concurrency} clients each send the next request as soon as the previous answer arrived,
 * which measures capacity at saturation. Fixed rate ({@link #runAtRate}): requests are sent on a
 * schedule whatever the answers do, which is the bounded load a production service runs at; a
 * request that could not be sent on time because the app was slow is timed from when it should
 * have been sent, so a slow app cannot hide its queueing (no coordinated omission). Small and
 * cheap on purpose: it shares the machine with the application under test.
 */
final class LoadGenerator {

  private LoadGenerator() {}

  /** Latencies (ns, sorted) of completed requests and the number of failed ones. */
  static final class Result {
    final long[] latenciesNanos;
    final long errors;
    final double seconds;
    /** Requests sent (answered or failed) before the measured part began. */
    final long unmeasuredRequests;

    Result(long[] latenciesNanos, long errors, double seconds, long unmeasuredRequests) {
      this.latenciesNanos = latenciesNanos;
      this.errors = errors;
      this.seconds = seconds;
      this.unmeasuredRequests = unmeasuredRequests;
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

  /**
   * Closed loop for {@code unmeasuredSeconds + seconds} on the same connections, measuring only the
   * last {@code seconds}; {@code atMeasureStart} runs on the caller's thread when the measured part
   * begins. Staying connected matters: when a load generator reconnects, the server's accept path
   * runs again and C2 throws away and recompiles the hot request path, several seconds of compiler
   * work that would otherwise land in the measured window.
   */
  static Result run(int port, String path, int concurrency, double unmeasuredSeconds, double seconds, Runnable atMeasureStart)
      throws InterruptedException {
    return run(port, path, concurrency, 0, unmeasuredSeconds, seconds, atMeasureStart);
  }

  /**
   * Sends {@code ratePerSecond} requests a second in all, spread evenly over {@code connections}
   * keep-alive connections, for {@code unmeasuredSeconds + seconds}, measuring only the last
   * {@code seconds}, on the same connections as {@link #run} does.
   */
  static Result runAtRate(
      int port, String path, int connections, double ratePerSecond, double unmeasuredSeconds, double seconds,
      Runnable atMeasureStart)
      throws InterruptedException {
    if (ratePerSecond <= 0) {
      throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
    }
    return run(
        port, path, connections, (long) (connections * 1e9 / ratePerSecond), unmeasuredSeconds, seconds,
        atMeasureStart);
  }

  private static Result run(
      int port, String path, int concurrency, long intervalNanos, double unmeasuredSeconds, double seconds,
      Runnable atMeasureStart)
      throws InterruptedException {
    long begin = System.nanoTime();
    long start = begin + (long) (unmeasuredSeconds * 1e9);
    long end = start + (long) (seconds * 1e9);
    List<Client> clients = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      // connections start staggered so that the requests of a fixed rate are evenly spaced
      long first = begin + intervalNanos * c / concurrency;
      Client client =
          new Client(port, path + (path.contains("?") ? "&" : "?") + "c=" + c, start, end, first, intervalNanos);
      Thread thread = new Thread(client::run, "load-" + c);
      thread.setDaemon(true);
      clients.add(client);
      threads.add(thread);
      thread.start();
    }
    for (long now; (now = System.nanoTime()) < start; ) {
      LockSupport.parkNanos(start - now);
    }
    if (atMeasureStart != null) {
      atMeasureStart.run();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long errors = 0;
    long unmeasured = 0;
    int total = 0;
    for (Client client : clients) {
      errors += client.errors;
      unmeasured += client.unmeasured;
      total += client.count;
    }
    long[] all = new long[total];
    int pos = 0;
    for (Client client : clients) {
      System.arraycopy(client.latencies, 0, all, pos, client.count);
      pos += client.count;
    }
    Arrays.sort(all);
    return new Result(all, errors, elapsed, unmeasured);
  }

  /** One connection, one request at a time. */
  private static final class Client {
    private final int port;
    private final byte[] request;
    /** Requests sent before this are not recorded. */
    private final long measureFrom;
    private final long end;
    /** Fixed rate: the time the next request is due, and the spacing; 0 = closed loop. */
    private long due;
    private final long interval;
    long[] latencies = new long[4096];
    int count;
    long unmeasured;
    long errors;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Client(int port, String path, long measureFrom, long end, long first, long interval) {
      this.port = port;
      this.measureFrom = measureFrom;
      this.end = end;
      this.due = first;
      this.interval = interval;
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
          if (interval > 0) {
            if (t0 < due) {
              LockSupport.parkNanos(due - t0);
              // on time: timed from the actual send, so the timer's wake-up slack is not counted
              t0 = System.nanoTime();
              if (t0 >= end) {
                break;
              }
            } else {
              // late because the previous answer came late: timed from when it was due
              t0 = due;
            }
            due += interval;
          }
          out.write(request);
          out.flush();
          int status = readResponse();
          long t1 = System.nanoTime();
          if (t0 < measureFrom) {
            unmeasured++;
            continue;
          }
          if (status != 200) {
            errors++;
          }
          if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
          }
          latencies[count++] = t1 - t0;
        } catch (IOException | RuntimeException e) {
          if (System.nanoTime() < measureFrom) {
            unmeasured++; // a failure in the lead-in is not one of the measured requests
          } else {
            errors++;
          }
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
