package dev.lantern.instrumentation.kafkaclients;

import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Replaces the application's callback (or its absence) for one send: ends the PRODUCER span when
 * the broker acknowledges or the send fails, then calls the application's callback exactly once,
 * with the context of the code that sent the record current, so its log lines carry the request's
 * trace and correlation IDs.
 */
final class TracingCallback implements Callback {

  private final Callback delegate;
  private final ProducerSend send;

  TracingCallback(Callback delegate, ProducerSend send) {
    this.delegate = delegate;
    this.send = send;
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
    try {
      send.complete(metadata, exception);
    } catch (Throwable t) {
      // telemetry must not keep the application's callback from running
    }
    if (delegate == null) {
      return;
    }
    Scope scope = null;
    try {
      scope = send.parent().makeCurrent();
    } catch (Throwable t) {
      // run the callback without the caller's context
    }
    try {
      delegate.onCompletion(metadata, exception);
    } finally {
      if (scope != null) {
        scope.close();
      }
    }
  }

  Callback delegate() {
    return delegate;
  }
}
