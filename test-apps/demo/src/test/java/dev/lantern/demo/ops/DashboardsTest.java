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
