package dev.lantern.agent.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.prometheus.client.CollectorRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PolledGaugeTest {

  @Test
  void valuesAreReadAtScrapeTimeAndGoneSourcesAreDropped() {
    CollectorRegistry registry = new CollectorRegistry();
    PolledGauge gauge = new PolledGauge("t_polled", "h", 100, "topic", "partition");
    gauge.register(registry);
    long[] lag = {3};
    AtomicBoolean alive = new AtomicBoolean(true);
    gauge.add(
        sink -> {
          if (!alive.get()) {
            return false;
          }
          sink.put(lag[0], "orders", "0");
          return true;
        });
    String[] names = {"topic", "partition"};
    String[] values = {"orders", "0"};
    assertEquals(3.0, registry.getSampleValue("t_polled", names, values));
    lag[0] = 7;
    assertEquals(7.0, registry.getSampleValue("t_polled", names, values));
    alive.set(false);
    assertNull(registry.getSampleValue("t_polled", names, values));
    assertEquals(0, gauge.sourceCount());
  }

  @Test
  void aFailingSourceDoesNotBreakTheScrapeAndSeriesAreCapped() {
    CollectorRegistry registry = new CollectorRegistry();
    PolledGauge gauge = new PolledGauge("t_polled_cap", "h", 2, "p");
    gauge.register(registry);
    gauge.add(
        sink -> {
          throw new IllegalStateException("boom");
        });
    gauge.add(
        sink -> {
          for (int i = 0; i < 5; i++) {
            sink.put(i, String.valueOf(i));
          }
          sink.put(Double.NaN, "nan");
          sink.put(1, "wrong", "arity");
          return true;
        });
    assertEquals(1.0, registry.getSampleValue("t_polled_cap", new String[] {"p"}, new String[] {"1"}));
    assertNull(registry.getSampleValue("t_polled_cap", new String[] {"p"}, new String[] {"2"}));
    assertEquals(2, gauge.sourceCount());
  }
}
