package dev.lantern.instrumentation.servlet.common;

import dev.lantern.agent.api.http.HttpServerCall;
import io.opentelemetry.context.Context;

/**
 * {@code AsyncContext.start(Runnable)} runs the task on a container thread: it gets the context of
 * the request that started it, so its logs and outgoing calls belong to the request's trace.
 */
public final class AsyncTasks {

  private AsyncTasks() {}

  /** The task wrapped in the current request's context, or null (keep the task) outside one. */
  public static Runnable wrap(Runnable task) {
    if (task == null || HttpServerCall.current() == null) {
      return null;
    }
    return Context.current().wrap(task);
  }
}
