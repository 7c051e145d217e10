package dev.lantern.demo.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lantern.testing.PrometheusScrape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportedNamesTest {

  private static final ExportedNames EXPORTED =
      ExportedNames.of(
          List.of(
              PrometheusScrape.parse(
                  "# TYPE http_server_request_duration_seconds histogram\n"
                      + "http_server_request_duration_seconds_bucket{http_route=\"/a\",le=\"+Inf\"} 1\n"
                      + "http_server_request_duration_seconds_count{http_route=\"/a\"} 1\n"
                      + "# TYPE target_info gauge\ntarget_info{service_name=\"a\"} 1\n")));

  @Test
  void namesTheAgentExportsPass() {
    assertEquals(
        List.of(),
        EXPORTED.problems(
            Map.of("ok", "histogram_quantile(0.9, sum by (job, http_route, le) (rate(http_server_request_duration_seconds_bucket{instance=~\".+\"}[5m])))"),
            List.<String[]>of(new String[] {"target_info", "job"})));
  }

  @Test
  void aMisspelledMetricOrLabelIsReported() {
    assertEquals(
        List.of("rule: metric http_server_duration_seconds_count", "rule: label route", "label_values(target, job)"),
        EXPORTED.problems(
            Map.of("rule", "sum by (route) (rate(http_server_duration_seconds_count[5m]))"),
            List.<String[]>of(new String[] {"target", "job"})));
  }
}
