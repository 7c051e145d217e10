package dev.lantern.agent.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lantern.agent.api.AgentRuntime;
import org.junit.jupiter.api.Test;

class BoundedLabelValuesTest {

  private static double overflows(String metric) {
    Double v =
        AgentRuntime.registry()
            .getSampleValue("lantern_metric_series_overflow_total", new String[] {"metric"}, new String[] {metric});
    return v == null ? 0 : v;
  }

  @Test
  void keepsTheFirstValuesAndFoldsTheRest() {
    BoundedLabelValues tables = new BoundedLabelValues("bounded_test_metric", 2);
    assertEquals("a", tables.bound("a"));
    assertEquals("b", tables.bound("b"));
    assertEquals("_overflow", tables.bound("c"));
    assertEquals("_overflow", tables.bound("d"));
    assertEquals("a", tables.bound("a"), "known values stay");
    assertNull(tables.bound(null));
    assertEquals(2, tables.size());
    assertEquals(2.0, overflows("bounded_test_metric"));
  }
}
