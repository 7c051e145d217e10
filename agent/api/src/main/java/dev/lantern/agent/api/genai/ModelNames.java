package dev.lantern.agent.api.genai;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Bounds the model names that reach metric labels: the first {@code max} distinct names are kept
 * (truncated to 128 characters), later ones become {@value #OTHER}. A service talks to a handful of
 * models; a gateway that echoes arbitrary names must not create unbounded series.
 */
final class ModelNames {

  static final String OTHER = "_other";
  static final int MAX_LENGTH = 128;

  private final int max;
  private final ConcurrentMap<String, Boolean> seen = new ConcurrentHashMap<>();

  ModelNames(int max) {
    this.max = max;
  }

  String label(String model) {
    if (model == null || model.isEmpty()) {
      return "";
    }
    String name = model.length() > MAX_LENGTH ? model.substring(0, MAX_LENGTH) : model;
    if (seen.containsKey(name)) {
      return name;
    }
    synchronized (this) {
      if (seen.containsKey(name)) {
        return name;
      }
      if (seen.size() >= max) {
        return OTHER;
      }
      seen.put(name, Boolean.TRUE);
      return name;
    }
  }
}
