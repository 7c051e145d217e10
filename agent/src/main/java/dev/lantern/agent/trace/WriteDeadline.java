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
final class WriteDeadline implements Runnable {

  private final HttpURLConnection connection;
  /** Taken once: by the timer (it disconnects) or by {@link #stop} (it does not). */
  private final AtomicBoolean settled = new AtomicBoolean();
  private ScheduledFuture<?> task;

  private WriteDeadline(HttpURLConnection connection) {
    this.connection = connection;
  }

  /** Disconnects {@code connection} in {@code millis} unless {@link #stop} comes first. */
  static WriteDeadline start(HttpURLConnection connection, long millis) {
    WriteDeadline deadline = new WriteDeadline(connection);
    deadline.task = Timer.INSTANCE.schedule(deadline, millis, TimeUnit.MILLISECONDS);
    return deadline;
  }

  @Override
  public void run() {
    if (settled.compareAndSet(false, true)) {
      connection.disconnect();
    }
  }

  /** Stops the deadline; true when it had already passed (the connection is, or is being, disconnected). */
  boolean stop() {
    task.cancel(false);
    return !settled.compareAndSet(false, true);
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
