package dev.lantern.demo.classifier;

import java.util.Set;

/**
 * What the classifier decided about one webhook: a label, or that the LLM could not be asked.
 *
 * @param label one of {@link #LABELS}, or {@code "unclassified"} when the call failed
 * @param status {@code "classified"} or {@code "llm_error"}
 * @param error the failure's exception class, or null
 */
record Classification(String label, String status, String error) {

  static final Set<String> LABELS = Set.of("billing", "outage", "feature_request", "other");

  static Classification of(String answer) {
    String label = answer == null ? "" : answer.strip().toLowerCase(java.util.Locale.ROOT);
    return new Classification(LABELS.contains(label) ? label : "other", "classified", null);
  }

  static Classification failed(Exception e) {
    return new Classification("unclassified", "llm_error", e.getClass().getSimpleName());
  }
}
