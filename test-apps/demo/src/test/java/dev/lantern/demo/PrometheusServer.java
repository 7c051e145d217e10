package dev.lantern.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lantern.demo.ops.Tools;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's package) on loopback: scrapes the given jobs every second,
 * evaluates the rule file every second, keeps exemplars, and answers its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final Path log;

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts it with one job per entry of {@code jobs} (job → port on 127.0.0.1). */
  static PrometheusServer start(Path dir, Map<String, Integer> jobs, Path rules) {
    Path binary = Tools.require("prometheus", "prometheus");
    StringBuilder config =
        new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n")
            .append("rule_files:\n  - ").append(rules.toAbsolutePath()).append("\nscrape_configs:\n");
    jobs.forEach(
        (job, port) ->
            config.append("  - job_name: ").append(job).append("\n    static_configs:\n      - targets: ['127.0.0.1:")
                .append(port).append("']\n"));
    try {
      Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
      int port = Ports.freePort();
      Path log = dir.resolve("prometheus.log");
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + configFile,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--enable-feature=exemplar-storage",
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      PrometheusServer server = new PrometheusServer(process, port, log);
      Await.until("Prometheus to be ready\n" + server.log(), Duration.ofSeconds(60), Duration.ofMillis(250),
          () -> {
            if (!process.isAlive()) {
              throw new AssertionError("prometheus exited:\n" + server.log());
            }
            return Http.get(server.url("/-/ready")).status() == 200 ? true : null;
          });
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** The {@code data} of a successful API answer. */
  JsonNode api(String pathAndQuery) {
    HttpResult result = Http.get(url(pathAndQuery));
    try {
      JsonNode body = JSON.readTree(result.body());
      if (result.status() != 200 || !"success".equals(body.path("status").asText())) {
        throw new AssertionError("Prometheus answered " + result.describe());
      }
      return body.path("data");
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + result.describe(), e);
    }
  }

  /** An instant query's result vector. */
  JsonNode query(String promql) {
    return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
  }

  /** Every alerting rule as the rules API reports it (name, state, health, lastError, alerts). */
  List<JsonNode> alertingRules() {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode group : api("/api/v1/rules?type=alert").path("groups")) {
      group.path("rules").forEach(rules::add);
    }
    return rules;
  }

  JsonNode rule(String name) {
    return alertingRules().stream()
        .filter(r -> r.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no alerting rule " + name));
  }

  /** The firing alerts of this rule whose labels include {@code labels}. */
  List<JsonNode> firing(String name, Map<String, String> labels) {
    List<JsonNode> matching = new ArrayList<>();
    for (JsonNode alert : rule(name).path("alerts")) {
      boolean all = labels.entrySet().stream().allMatch(e -> e.getValue().equals(alert.path("labels").path(e.getKey()).asText()));
      if (all && "firing".equals(alert.path("state").asText())) {
        matching.add(alert);
      }
    }
    return matching;
  }

  String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
