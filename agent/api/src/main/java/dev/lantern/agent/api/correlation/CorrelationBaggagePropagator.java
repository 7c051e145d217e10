package dev.lantern.agent.api.correlation;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;

/**
 * W3C baggage, with the correlation ID added as the member {@value
 * CorrelationSettings#BAGGAGE_KEY} when baggage is written to an outgoing request. Adding it at
 * injection rather than when a request arrives means a server request that makes no outgoing
 * call never rebuilds its baggage.
 */
public final class CorrelationBaggagePropagator implements TextMapPropagator {

  private static final String HEADER = "baggage";
  private static final String MEMBER_PREFIX = CorrelationSettings.BAGGAGE_KEY + "=";

  private final TextMapPropagator w3c = W3CBaggagePropagator.getInstance();
  private final boolean addCorrelationId;

  public CorrelationBaggagePropagator(CorrelationSettings settings) {
    this.addCorrelationId = settings.baggage();
  }

  @Override
  public Collection<String> fields() {
    return w3c.fields();
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    if (context != null && addCorrelationId && setter != null) {
      String id = CorrelationId.fromContext(context);
      Baggage baggage = Baggage.fromContext(context);
      if (id != null && baggage.isEmpty() && needsNoEscaping(id)) {
        // the usual case, a request whose only baggage is its correlation ID: the header is
        // written directly instead of building a Baggage and its string on every outgoing call
        setter.set(carrier, HEADER, MEMBER_PREFIX + id);
        return;
      }
      if (id != null && !id.equals(baggage.getEntryValue(CorrelationSettings.BAGGAGE_KEY))) {
        context = context.with(baggage.toBuilder().put(CorrelationSettings.BAGGAGE_KEY, id).build());
      }
    }
    w3c.inject(context, carrier, setter);
  }

  /** Only {@link CorrelationId#plain} characters: a baggage value that no encoder escapes. */
  static boolean needsNoEscaping(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (!CorrelationId.plain(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    return w3c.extract(context, carrier, getter);
  }

  @Override
  public String toString() {
    return "CorrelationBaggagePropagator";
  }
}
