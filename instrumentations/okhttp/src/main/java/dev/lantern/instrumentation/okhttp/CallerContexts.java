package dev.lantern.instrumentation.okhttp;

import dev.lantern.agent.api.WeakStore;
import io.opentelemetry.context.Context;
import okhttp3.Call;

/** The context each enqueued call was enqueued in, until its interceptor chain runs. */
final class CallerContexts {

  private static final WeakStore<Call, Context> CONTEXTS = new WeakStore<>();

  private CallerContexts() {}

  static void capture(Call call) {
    Context current = Context.current();
    if (current != Context.root()) {
      CONTEXTS.put(call, current);
    }
  }

  /** The enqueuing context, or null for a call run with {@code execute()} on the caller's thread. */
  static Context take(Call call) {
    return CONTEXTS.remove(call);
  }
}
