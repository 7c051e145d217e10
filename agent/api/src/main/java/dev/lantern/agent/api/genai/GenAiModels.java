package dev.lantern.agent.api.genai;

import dev.lantern.agent.api.log.AgentLoggers;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/** The model-label cap and the once-per-model note about models without a price. */
final class GenAiModels {

  private static final Logger log = AgentLoggers.get(GenAiModels.class);
  static final int MAX_UNPRICED_REPORTS = 50;

  private static volatile ModelNames labels;
  private static final Set<String> UNPRICED = ConcurrentHashMap.newKeySet();

  private GenAiModels() {}

  static ModelNames labels(GenAiSettings settings) {
    ModelNames m = labels;
    if (m == null) {
      synchronized (GenAiModels.class) {
        m = labels;
        if (m == null) {
          m = new ModelNames(settings.maxModels);
          labels = m;
        }
      }
    }
    return m;
  }

  /** Logs once per model, for at most {@value #MAX_UNPRICED_REPORTS} models. */
  static boolean reportUnpriced(String model) {
    String name = model == null ? "" : GenAiTelemetry.truncate(model, 128);
    if (UNPRICED.size() > MAX_UNPRICED_REPORTS || UNPRICED.contains(name)) {
      return false;
    }
    if (!UNPRICED.add(name)) {
      return false;
    }
    if (UNPRICED.size() > MAX_UNPRICED_REPORTS) {
      log.info(
          "more than {} GenAI models without a price; further ones are not reported",
          MAX_UNPRICED_REPORTS);
      return false;
    }
    log.info(
        "GenAI model '{}' has no price: its tokens are counted, its cost is not; add it to the"
            + " file named by {} as '<model> = <input>,<output>' (USD per million tokens)",
        name,
        GenAiSettings.PRICES_FILE);
    return true;
  }
}
