package dev.lantern.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One scrape of a Prometheus endpoint, parsed. Understands text format 0.0.4 and OpenMetrics 1.0
 * text ({@code # EOF}, {@code _created} samples, exemplars). Names are sample names as exposed,
 * e.g. {@code http_server_duration_seconds_bucket}, not family names.
 */
public final class PrometheusScrape {
  /** The Accept header Prometheus sends for the classic text format. */
  public static final String TEXT_ACCEPT = "text/plain;version=0.0.4;q=1.0,*/*;q=0.1";
  /** An Accept header asking for OpenMetrics text. */
  public static final String OPENMETRICS_ACCEPT =
      "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";

  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(5);

  /** An OpenMetrics exemplar attached to a sample, e.g. a trace id on a histogram bucket. */
  public record Exemplar(Map<String, String> labels, double value) {}

  /** One sample line: name, labels (unescaped, in exposition order), value, optional exemplar. */
  public record Sample(
      String name, Map<String, String> labels, double value, Optional<Exemplar> exemplar) {

    /** The label's value, or null. */
    public String label(String key) {
      return labels.get(key);
    }

    /** Whether every entry of {@code subset} is among this sample's labels. */
    public boolean hasLabels(Map<String, String> subset) {
      return labels.entrySet().containsAll(subset.entrySet());
    }

    @Override
    public String toString() {
      StringJoiner joined = new StringJoiner(",", "{", "}");
      labels.forEach((k, v) -> joined.add(k + "=\"" + v.replace("\n", "\\n") + "\""));
      String text = name + (labels.isEmpty() ? "" : joined.toString()) + " " + value;
      return exemplar.map(e -> text + " # " + e.labels() + " " + e.value()).orElse(text);
    }
  }

  private final String raw;
  private final String contentType;
  private final PrometheusTextParser.Result parsed;

  private PrometheusScrape(String raw, String contentType) {
    this.raw = raw;
    this.contentType = contentType;
    this.parsed = PrometheusTextParser.parse(raw);
  }

  /**
   * GETs {@code url} (5 s timeout) asking for the 0.0.4 text format, and parses it.
   *
   * @throws AssertionError on a non-200 answer (with status and body) or malformed content
   */
  public static PrometheusScrape scrape(String url) {
    return scrape(url, TEXT_ACCEPT);
  }

  /** As {@link #scrape(String)} with the given Accept header, e.g. {@link #OPENMETRICS_ACCEPT}. */
  public static PrometheusScrape scrape(String url, String acceptHeader) {
    HttpResult result = get(url, acceptHeader);
    return new PrometheusScrape(result.body(), result.contentType());
  }

  /** Parses exposition text. */
  public static PrometheusScrape parse(String text) {
    return new PrometheusScrape(text, null);
  }

  /**
   * The raw body of a 200 answer to GET {@code url} with this Accept header; for content
   * negotiation tests. Use {@link Http#get(String, Map)} to see headers and non-200 answers.
   */
  public static String fetch(String url, String acceptHeader) {
    return get(url, acceptHeader).body();
  }

  private static HttpResult get(String url, String acceptHeader) {
    HttpResult result;
    try {
      result = Http.get(url, Map.of("Accept", acceptHeader), SCRAPE_TIMEOUT);
    } catch (RuntimeException e) {
      throw new AssertionError("scrape of " + url + " failed: " + e.getMessage(), e);
    }
    if (result.status() != 200) {
      throw new AssertionError("scrape of " + url + " answered " + result.describe());
    }
    return result;
  }

  /** All samples, in exposition order. */
  public List<Sample> samples() {
    return parsed.samples();
  }

  /** Samples with exactly this name, in exposition order. */
  public List<Sample> samples(String name) {
    return parsed.samples().stream()
        .filter(s -> s.name().equals(name))
        .collect(Collectors.toUnmodifiableList());
  }

  /** The first sample of this name whose labels include {@code labelsSubset}. */
  public Optional<Sample> find(String name, Map<String, String> labelsSubset) {
    return samples(name).stream().filter(s -> s.hasLabels(labelsSubset)).findFirst();
  }

  /**
   * The value of the one sample of this name whose labels include {@code labelsSubset}.
   *
   * @throws AssertionError when no sample or several samples match, listing the candidates
   */
  public double value(String name, Map<String, String> labelsSubset) {
    List<Sample> matches =
        samples(name).stream().filter(s -> s.hasLabels(labelsSubset)).collect(Collectors.toList());
    if (matches.size() != 1) {
      throw new AssertionError(
          "expected exactly one sample " + name + labelsSubset + " but found " + matches.size()
              + "\n" + candidates(name));
    }
    return matches.get(0).value();
  }

  /** Sum of the values of all samples of this name whose labels include the subset; 0 if none. */
  public double sum(String name, Map<String, String> labelsSubset) {
    return samples(name).stream()
        .filter(s -> s.hasLabels(labelsSubset))
        .mapToDouble(Sample::value)
        .sum();
  }

  /**
   * Whether a sample has this exact name, or this is a family declared by {@code # TYPE} with at
   * least one sample (so {@code has("http_duration_seconds")} is true for a histogram).
   */
  public boolean has(String name) {
    return parsed.samples().stream()
        .anyMatch(
            s ->
                s.name().equals(name)
                    || (parsed.types().containsKey(name) && s.name().startsWith(name + "_")));
  }

  /** Distinct sample names, sorted. */
  public Set<String> names() {
    return parsed.samples().stream()
        .map(Sample::name)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Family name → type ("counter", "gauge", "histogram", …) from {@code # TYPE} lines. */
  public Map<String, String> types() {
    return parsed.types();
  }

  /** Family name → unescaped help text from {@code # HELP} lines. */
  public Map<String, String> helps() {
    return parsed.helps();
  }

  /** The text as received. */
  public String raw() {
    return raw;
  }

  /** The response's Content-Type, or null when built by {@link #parse(String)}. */
  public String contentType() {
    return contentType;
  }

  private String candidates(String name) {
    List<Sample> sameName = samples(name);
    if (!sameName.isEmpty()) {
      return "samples named " + name + ":\n  "
          + sameName.stream().map(Sample::toString).collect(Collectors.joining("\n  "));
    }
    return "no sample is named " + name + "; names present: " + names();
  }

  @Override
  public String toString() {
    return "PrometheusScrape[" + parsed.samples().size() + " samples]";
  }
}
