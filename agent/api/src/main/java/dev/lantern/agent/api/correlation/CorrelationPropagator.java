package dev.lantern.agent.api.correlation;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;

/**
 * Reads the correlation ID from the configured headers (first valid one wins), or from the W3C
 * baggage member {@value CorrelationSettings#BAGGAGE_KEY} when no header carries one, and writes it
 * to the first configured header. Runs after the W3C baggage propagator in the composite, so the
 * baggage is already in the context it extracts into. Invalid values are ignored, never forwarded.
 */
public final class CorrelationPropagator implements TextMapPropagator {

  private final CorrelationSettings settings;

  public CorrelationPropagator(CorrelationSettings settings) {
    this.settings = settings;
  }

  @Override
  public Collection<String> fields() {
    return settings.headers();
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    if (context == null || setter == null) {
      return;
    }
    String id = CorrelationId.fromContext(context);
    if (id != null) {
      setter.set(carrier, settings.outboundHeader(), id);
    }
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    if (context == null) {
      context = Context.root();
    }
    if (getter == null) {
      return context;
    }
    for (String header : settings.headers()) {
      String id = CorrelationId.validate(getter.get(carrier, header));
      if (id != null) {
        return CorrelationId.storeIn(context, id);
      }
    }
    if (settings.baggage()) {
      String id =
          CorrelationId.validate(
              Baggage.fromContext(context).getEntryValue(CorrelationSettings.BAGGAGE_KEY));
      if (id != null) {
        return CorrelationId.storeIn(context, id);
      }
    }
    return context;
  }

  @Override
  public String toString() {
    return "CorrelationPropagator" + settings.headers();
  }
}
