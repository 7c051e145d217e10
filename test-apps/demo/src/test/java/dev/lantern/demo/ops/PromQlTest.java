package dev.lantern.demo.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void metricsAreSelectorsNotFunctionsKeywordsOrLabels() {
    PromQl q =
        PromQl.of(
            "sum by (job, http_route) (rate(http_server_request_duration_seconds_count{job=~\"$job\",code=~\"5..\"}[5m]))"
                + " / on (job) group_left(service_name) sum without (instance) (rate(other_total[$__rate_interval]))"
                + " > bool 0.05 and lantern_dependency_up offset 1m == 0");
    assertEquals(Set.of("http_server_request_duration_seconds_count", "other_total", "lantern_dependency_up"), q.metrics());
    assertEquals(Set.of("job", "http_route", "code", "service_name", "instance"), q.labels());
  }

  @Test
  void quantilesNumbersAndStringsAreNoNames() {
    PromQl q =
        PromQl.of(
            "histogram_quantile(0.95, sum by (le) (rate(x_bucket{a=\"sum by (fake)\"}[1h]))) * 3600 + 1e3"
                + " + count_values(\"v\", y) + topk(3, z) + increase(w_total[$__range])");
    assertEquals(Set.of("x_bucket", "y", "z", "w_total"), q.metrics());
    assertEquals(Set.of("le", "a"), q.labels());
  }
}
