package dev.lantern.demo.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The shipped dashboards and alert rules under docs/ops, and the PromQL in them. */
public final class OpsFiles {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*,\\s*(\\w+)\\s*\\)");

  private OpsFiles() {}

  /** docs/ops, from the system property Maven sets. */
  public static Path dir() {
    String dir = System.getProperty("lantern.ops.dir");
    if (dir == null) {
      throw new AssertionError("system property lantern.ops.dir is not set (the demo module's pom sets it)");
    }
    return Path.of(dir);
  }

  public static Path rulesFile() {
    return dir().resolve("prometheus/lantern-alerts.yml");
  }

  public static Path rulesTestFile() {
    return dir().resolve("prometheus/lantern-alerts.test.yml");
  }

  public static Path prometheusConfig() {
    return dir().resolve("prometheus/prometheus.yml");
  }

  public static List<Path> dashboards() {
    try (Stream<Path> files = Files.list(dir().resolve("grafana"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Alert name → expression, in file order. */
  public static Map<String, String> alertExpressions() {
    Map<String, String> alerts = new LinkedHashMap<>();
    try {
      for (JsonNode group : YAML.readTree(rulesFile().toFile()).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          alerts.put(rule.path("alert").asText(rule.path("record").asText()), rule.path("expr").asText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return alerts;
  }

  /** Every panel of a dashboard, rows' nested panels included. */
  public static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  /** "dashboard / panel / refId" → expression, for every query target of every dashboard. */
  public static Map<String, String> dashboardExpressions() {
    Map<String, String> exprs = new LinkedHashMap<>();
    for (Path file : dashboards()) {
      JsonNode dashboard = json(file);
      for (JsonNode panel : panels(dashboard)) {
        for (JsonNode target : panel.path("targets")) {
          exprs.put(file.getFileName() + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
              target.path("expr").asText());
        }
      }
    }
    return exprs;
  }

  /** Metric → label of each {@code label_values(metric, label)} variable query of the dashboards. */
  public static List<String[]> variableQueries() {
    List<String[]> queries = new ArrayList<>();
    for (Path file : dashboards()) {
      for (JsonNode variable : json(file).path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          Matcher m = LABEL_VALUES.matcher(variable.path("definition").asText());
          if (!m.find()) {
            throw new AssertionError(file + ": variable " + variable.path("name") + " is not a label_values(metric, label) query");
          }
          queries.add(new String[] {m.group(1), m.group(2)});
        }
      }
    }
    return queries;
  }
}
