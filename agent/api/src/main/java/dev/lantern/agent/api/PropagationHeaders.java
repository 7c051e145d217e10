package dev.lantern.agent.api;

import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The headers the propagators write for one outgoing call (trace context, baggage, correlation ID:
 * a handful), in the order written; writing a name again replaces its value. The carrier of every
 * outgoing call, so it is two small arrays rather than a hash map with an entry object per header.
 */
public final class PropagationHeaders {

  public static final TextMapSetter<PropagationHeaders> SETTER =
      (carrier, name, value) -> {
        if (carrier != null && name != null && value != null) {
          carrier.set(name, value);
        }
      };

  private String[] names = new String[4];
  private String[] values = new String[4];
  private int size;

  public void set(String name, String value) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        values[i] = value;
        return;
      }
    }
    if (size == names.length) {
      names = java.util.Arrays.copyOf(names, size * 2);
      values = java.util.Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    values[size++] = value;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public String name(int index) {
    return names[index];
  }

  public String value(int index) {
    return values[index];
  }

  /** The value written under exactly this name, or null. */
  public String get(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }
}
