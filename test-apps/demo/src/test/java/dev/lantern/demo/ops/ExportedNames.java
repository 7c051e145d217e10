package dev.lantern.demo.ops;

import dev.lantern.testing.PrometheusScrape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric and label names some scrapes of the agent expose, and which names in a set of PromQL
 * expressions are not among them. {@code job}, {@code instance} and {@code le} count as exported:
 * Prometheus adds the first two, histograms have the third.
 */
public final class ExportedNames {

  private final Set<String> metrics = new TreeSet<>();
  private final Set<String> labels = new TreeSet<>(Set.of("job", "instance", "le", "__name__"));

  private ExportedNames() {}

  /** Sample names and family names (a counter or histogram declared by # TYPE) of these scrapes. */
  public static ExportedNames of(List<PrometheusScrape> scrapes) {
    ExportedNames names = new ExportedNames();
    for (PrometheusScrape scrape : scrapes) {
      names.metrics.addAll(scrape.names());
      names.metrics.addAll(scrape.types().keySet());
      scrape.samples().forEach(s -> names.labels.addAll(s.labels().keySet()));
    }
    return names;
  }

  public Set<String> metrics() {
    return metrics;
  }

  /** "where: metric x" / "where: label y" for every name not exported; empty when all are. */
  public List<String> problems(Map<String, String> expressions, List<String[]> labelValuesQueries) {
    List<String> problems = new ArrayList<>();
    expressions.forEach((where, expr) -> {
      PromQl q = PromQl.of(expr);
      if (q.metrics().isEmpty()) {
        problems.add(where + ": names no metric");
      }
      q.metrics().stream().filter(m -> !metrics.contains(m)).forEach(m -> problems.add(where + ": metric " + m));
      q.labels().stream().filter(l -> !labels.contains(l)).forEach(l -> problems.add(where + ": label " + l));
    });
    for (String[] query : labelValuesQueries) {
      if (!metrics.contains(query[0]) || !labels.contains(query[1])) {
        problems.add("label_values(" + query[0] + ", " + query[1] + ")");
      }
    }
    return problems;
  }
}
