package dev.lantern.instrumentation.log4j2;

import dev.lantern.agent.api.log.LogCorrelation;
import java.util.List;
import org.apache.logging.log4j.core.ContextDataInjector;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * Adds trace_id, span_id, trace_flags and correlation_id of the current context to the data the
 * wrapped injector produces. The application's own entries win when it set the same keys.
 */
final class CorrelatingContextDataInjector implements ContextDataInjector {

  private static final String[] KEYS = {
    LogCorrelation.TRACE_ID,
    LogCorrelation.SPAN_ID,
    LogCorrelation.TRACE_FLAGS,
    LogCorrelation.CORRELATION_ID
  };

  private final ContextDataInjector delegate;

  private CorrelatingContextDataInjector(ContextDataInjector delegate) {
    this.delegate = delegate;
  }

  static ContextDataInjector wrap(ContextDataInjector injector) {
    if (injector == null || injector instanceof CorrelatingContextDataInjector) {
      return injector;
    }
    return new CorrelatingContextDataInjector(injector);
  }

  @Override
  public StringMap injectContextData(List<Property> properties, StringMap reusable) {
    StringMap data = delegate.injectContextData(properties, reusable);
    if (!LogCorrelation.active() || data.containsKey(LogCorrelation.TRACE_ID)) {
      return data;
    }
    StringMap target = data.isFrozen() ? new SortedArrayStringMap(data) : data;
    for (String key : KEYS) {
      String value = LogCorrelation.get(key);
      if (value != null && !target.containsKey(key)) {
        target.putValue(key, value);
      }
    }
    return target;
  }

  @Override
  public ReadOnlyStringMap rawContextData() {
    return delegate.rawContextData();
  }
}
