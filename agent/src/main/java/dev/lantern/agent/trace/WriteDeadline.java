package dev.lantern.agent.trace;

import dev.lantern.agent.api.LanternThread;
import java.net.HttpURLConnection;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends a request body's write that takes too long by disconnecting its connection from another
 * thread. {@link HttpURLConnection} has connect and read timeouts but none for writing, and a
 * collector that accepts the connection and stops reading would otherwise hold the export thread in
 * a blocked write for ever. The thread ({@code lantern-export-deadline}) is started on the first
 * write through {@link UrlConnectionHttpPost} only: https and proxied endpoints.
 */
final class WriteDeadline implements AutoCloseable {

  private final ScheduledFuture<?> task;
  private final Disconnect disconnect;

  private WriteDeadline(ScheduledFuture<?> task, Disconnect disconnect) {
    this.task = task;
    this.disconnect = disconnect;
  }

  /** Disconnects {@code connection} in {@code millis} unless {@link #close} comes first. */
  static WriteDeadline start(HttpURLConnection connection, long millis) {
    Disconnect disconnect = new Disconnect(connection);
    return new WriteDeadline(Timer.INSTANCE.schedule(disconnect, millis, TimeUnit.MILLISECONDS), disconnect);
  }

  /** Whether the deadline passed and the connection was disconnected. */
  boolean expired() {
    return disconnect.fired.get();
  }

  /** Stops the deadline; after it, {@link #expired} no longer changes. */
  @Override
  public void close() {
    task.cancel(false);
    disconnect.closed.set(true);
  }

  /** A class rather than a lambda: the fired flag is read by the writer after a failure. */
  private static final class Disconnect implements Runnable {
    final HttpURLConnection connection;
    final AtomicBoolean fired = new AtomicBoolean();
    final AtomicBoolean closed = new AtomicBoolean();

    Disconnect(HttpURLConnection connection) {
      this.connection = connection;
    }

    @Override
    public void run() {
      if (!closed.get() && fired.compareAndSet(false, true)) {
        connection.disconnect();
      }
    }
  }

  /** One daemon thread for every exporter, made when first needed. */
  private static final class Timer {
    static final ScheduledThreadPoolExecutor INSTANCE = create();

    private static ScheduledThreadPoolExecutor create() {
      ThreadFactory threads = task -> new LanternThread("export-deadline", task);
      ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads);
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }
}
