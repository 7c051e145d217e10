package dev.lantern.agent.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import org.junit.jupiter.api.Test;

class LabeledChildrenTest {

  @Test
  void sameLabelsGiveTheSameChildAndNullBecomesEmpty() {
    Counter counter = Counter.build().name("t_same_total").help("h").labelNames("a", "b", "c").create();
    LabeledChildren<Counter.Child> children = new LabeledChildren<>(counter, "t_same_total", 3, 10);
    Counter.Child first = children.get("x", "y", new String("z"));
    assertSame(first, children.get(new String("x"), "y", "z"));
    assertNotSame(first, children.get("x", "y", "other"));
    children.get("x", null, "z").inc(2);
    assertEquals(2.0, counter.labels("x", "", "z").get());
    assertEquals(3, children.size());
  }

  @Test
  void labelSetsBeyondTheCapShareOneOverflowSeriesAndAreCounted() {
    CollectorRegistry registry = new CollectorRegistry();
    Counter counter = Counter.build().name("t_cap_total").help("h").labelNames("route").register(registry);
    LabeledChildren<Counter.Child> children = new LabeledChildren<>(counter, "t_cap_total", 1, 3);
    for (int i = 0; i < 10; i++) {
      children.get("/user/" + i).inc();
    }
    assertEquals(3, children.size());
    assertEquals(7.0, registry.getSampleValue("t_cap_total", new String[] {"route"}, new String[] {"_overflow"}));
    assertEquals(1.0, registry.getSampleValue("t_cap_total", new String[] {"route"}, new String[] {"/user/0"}));
    assertEquals(
        7.0,
        io.prometheus.client.CollectorRegistry.class.cast(dev.lantern.agent.api.AgentRuntime.registry())
            .getSampleValue("lantern_metric_series_overflow_total", new String[] {"metric"}, new String[] {"t_cap_total"}));
    // a label set seen before the cap keeps its own series
    children.get("/user/1").inc();
    assertEquals(2.0, registry.getSampleValue("t_cap_total", new String[] {"route"}, new String[] {"/user/1"}));
  }
}
