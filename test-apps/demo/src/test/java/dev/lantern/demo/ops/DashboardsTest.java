package dev.lantern.demo.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards are importable as they are: JSON with a uid and title, a Prometheus
 * {@code datasource} variable every query uses (no data source uid of some other Grafana), query
 * targets with PromQL, and panels laid out on Grafana's 24-column grid without overlapping.
 * DemoIT checks their metric names against the agent's exposition and has Prometheus parse them.
 */
class DashboardsTest {

  private static final List<String> EXPECTED =
      List.of("lantern-database.json", "lantern-jvm.json", "lantern-kafka.json", "lantern-llm.json",
          "lantern-service-overview.json");

  @Test
  void theFiveDashboardsAreThere() {
    assertEquals(EXPECTED, OpsFiles.dashboards().stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void everyDashboardIsImportableWithADatasourceVariable() {
    Set<String> uids = new HashSet<>();
    for (Path file : OpsFiles.dashboards()) {
      JsonNode d = OpsFiles.json(file);
      String name = file.getFileName().toString();
      assertTrue(uids.add(d.path("uid").asText()), name + ": uid is not unique");
      assertFalse(d.path("title").asText().isEmpty(), name + ": title");
      assertTrue(d.path("schemaVersion").asInt() >= 36, name + ": schemaVersion");
      assertFalse(d.has("id") && !d.get("id").isNull(), name + ": an exported id would clash on import");
      JsonNode datasource = variable(d, "datasource");
      assertEquals("datasource", datasource.path("type").asText(), name);
      assertEquals("prometheus", datasource.path("query").asText(), name);
      assertEquals("${datasource}", variable(d, "job").path("datasource").path("uid").asText(), name);

      Set<Integer> ids = new HashSet<>();
      boolean[][] grid = new boolean[400][24];
      int queries = 0;
      for (JsonNode panel : OpsFiles.panels(d)) {
        String where = name + " / " + panel.path("title").asText();
        assertTrue(ids.add(panel.path("id").asInt()), where + ": panel id is not unique");
        occupy(grid, panel.path("gridPos"), where);
        if (panel.path("type").asText().equals("row")) {
          continue;
        }
        assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), where);
        assertTrue(panel.path("targets").size() > 0, where + ": no query");
        for (JsonNode target : panel.path("targets")) {
          assertEquals("${datasource}", target.path("datasource").path("uid").asText(), where);
          assertFalse(target.path("expr").asText().isBlank(), where + ": empty expr");
          assertTrue(target.path("expr").asText().contains("job=~\"$job\""), where + ": not filtered by the service variable");
          queries++;
        }
      }
      assertTrue(queries >= 6, name + " has only " + queries + " queries");
    }
  }

  /**
   * What the issue asks each dashboard to show, as a query over the right metric, grouped by the
   * right labels: a dashboard that lost one of them fails here (DemoIT then checks that the names
   * are exported and that the demo feeds the queries).
   */
  @Test
  void eachDashboardShowsWhatTheIssueAsksFor() {
    String http = "http_server_request_duration_seconds";
    requireQuery("lantern-service-overview.json", "request rate by route", "rate(", http + "_count", "http_route");
    requireQuery("lantern-service-overview.json", "5xx errors by route", "=~\"5..\"", http + "_count", "http_route");
    for (String q : List.of("0.5", "0.95", "0.99")) {
      requireQuery("lantern-service-overview.json", "the " + q + " quantile by route", "histogram_quantile(" + q + ",", http + "_bucket",
          "http_route");
    }
    requireQuery("lantern-database.json", "query latency by operation", "histogram_quantile(",
        "db_client_operation_duration_seconds_bucket", "db_operation_name");
    requireQuery("lantern-database.json", "pool utilization", "/", "db_client_connection_count", "db_client_connection_state");
    requireQuery("lantern-database.json", "pool utilization", "/", "db_client_connection_max", "db_client_connection_pool_name");
    requireQuery("lantern-kafka.json", "send rate", "rate(", "messaging_client_sent_messages_total", "messaging_destination_name");
    requireQuery("lantern-kafka.json", "consume rate", "rate(", "messaging_client_consumed_messages_total",
        "messaging_destination_name");
    requireQuery("lantern-kafka.json", "lag", "", "messaging_kafka_consumer_lag", "messaging_consumer_group_name");
    requireQuery("lantern-llm.json", "calls by provider and model", "rate(", "gen_ai_client_calls_total",
        "gen_ai_provider_name", "gen_ai_request_model");
    requireQuery("lantern-llm.json", "error rate", "status=\"error\"", "gen_ai_client_calls_total", "gen_ai_provider_name");
    requireQuery("lantern-llm.json", "tokens", "", "gen_ai_client_token_usage_sum", "gen_ai_token_type");
    requireQuery("lantern-llm.json", "cost", "", "gen_ai_client_cost_usd_total", "gen_ai_response_model");
    requireQuery("lantern-llm.json", "latency by provider and model", "histogram_quantile(",
        "gen_ai_client_operation_duration_seconds_bucket", "gen_ai_provider_name", "gen_ai_request_model");
    requireQuery("lantern-jvm.json", "heap", "", "jvm_memory_bytes_used", "area");
    requireQuery("lantern-jvm.json", "GC", "rate(", "jvm_gc_collection_seconds_sum", "gc");
    requireQuery("lantern-jvm.json", "threads", "", "jvm_threads_state", "state");
  }

  /** Some query of {@code dashboard} contains {@code fragment}, selects {@code metric} and names {@code labels}. */
  private static void requireQuery(String dashboard, String what, String fragment, String metric, String... labels) {
    List<String> queries =
        OpsFiles.dashboardExpressions().entrySet().stream()
            .filter(e -> e.getKey().startsWith(dashboard + " / "))
            .map(java.util.Map.Entry::getValue)
            .toList();
    assertFalse(queries.isEmpty(), "no dashboard " + dashboard);
    boolean found =
        queries.stream().anyMatch(q -> {
          PromQl promQl = PromQl.of(q);
          return q.contains(fragment) && promQl.metrics().contains(metric) && promQl.labels().containsAll(List.of(labels));
        });
    assertTrue(found, dashboard + " shows no " + what + " (a query with '" + fragment + "' over " + metric + " by "
        + List.of(labels) + ") among:\n" + String.join("\n", queries));
  }

  private static void occupy(boolean[][] grid, JsonNode pos, String where) {
    int x = pos.path("x").asInt();
    int y = pos.path("y").asInt();
    int w = pos.path("w").asInt();
    int h = pos.path("h").asInt();
    assertTrue(w > 0 && h > 0 && x >= 0 && x + w <= 24, where + ": gridPos " + pos);
    for (int row = y; row < y + h; row++) {
      for (int col = x; col < x + w; col++) {
        assertFalse(grid[row][col], where + ": overlaps another panel at " + pos);
        grid[row][col] = true;
      }
    }
  }

  private static JsonNode variable(JsonNode dashboard, String name) {
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError(dashboard.path("title").asText() + " has no variable " + name);
  }
}
