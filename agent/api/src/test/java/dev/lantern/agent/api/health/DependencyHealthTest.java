package dev.lantern.agent.api.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DependencyHealthTest {

  private static final long NOW = 1_800_000_000_000L;
  private static final long MS = 1_000_000L;

  @Test
  void windowCountsCallsErrorsAndP95OverTheLastMinuteOnly() {
    DependencyWindow window = new DependencyWindow();
    window.record(NOW - 120_000, 5 * MS, true); // outside the window
    for (int i = 0; i < 95; i++) {
      window.record(NOW - i * 100, 8 * MS, false);
    }
    for (int i = 0; i < 5; i++) {
      window.record(NOW, 3000 * MS, true);
    }
    DependencyWindow.Snapshot s = window.snapshot(NOW);
    assertEquals(100, s.calls);
    assertEquals(5, s.errors);
    assertEquals(10, s.p95Millis, "95% of calls took at most 10 ms");
    assertEquals(101, s.totalCalls);
    assertEquals(DependencyHealth.Status.DEGRADED, DependencyHealth.status(s, NOW), "5% errors");
  }

  @Test
  void statusRules() {
    DependencyWindow healthy = new DependencyWindow();
    for (int i = 0; i < 20; i++) {
      healthy.record(NOW, 20 * MS, false);
    }
    assertEquals(DependencyHealth.Status.UP, DependencyHealth.status(healthy.snapshot(NOW), NOW));
    assertEquals(1.0, DependencyHealth.score(healthy.snapshot(NOW)));

    DependencyWindow failing = new DependencyWindow();
    for (int i = 0; i < 10; i++) {
      failing.record(NOW, 20 * MS, i % 2 == 0);
    }
    assertEquals(DependencyHealth.Status.DOWN, DependencyHealth.status(failing.snapshot(NOW), NOW), "50% errors");
    assertEquals(0.5, DependencyHealth.score(failing.snapshot(NOW)));

    DependencyWindow neverWorked = new DependencyWindow();
    neverWorked.record(NOW, 1 * MS, true);
    assertEquals(DependencyHealth.Status.DOWN, DependencyHealth.status(neverWorked.snapshot(NOW), NOW));

    DependencyWindow slow = new DependencyWindow();
    for (int i = 0; i < 20; i++) {
      slow.record(NOW, 4000 * MS, false);
    }
    DependencyHealth.setSlowThresholdMillis(2000);
    assertEquals(DependencyHealth.Status.DEGRADED, DependencyHealth.status(slow.snapshot(NOW), NOW));
    assertEquals(0.5, DependencyHealth.score(slow.snapshot(NOW)));

    DependencyWindow idle = new DependencyWindow();
    assertEquals(DependencyHealth.Status.UP, DependencyHealth.status(idle.snapshot(NOW), NOW));
  }

  @Test
  void dependenciesAreCappedAndNamedOnce() {
    DependencyHealth.reset();
    DependencyHealth.record("http", "inventory", "8080", 10 * MS, false);
    DependencyHealth.record("http", "inventory", "8080", 10 * MS, false);
    DependencyHealth.record("db", "postgresql://db:5432/shop", 10 * MS, false);
    assertEquals(2, DependencyHealth.all().size());
    assertEquals("http:inventory:8080", DependencyHealth.all().get(1).id());
    for (int i = 0; i < DependencyHealth.MAX_DEPENDENCIES + 50; i++) {
      DependencyHealth.record("http", "host-" + i, "80", 10 * MS, false);
    }
    assertEquals(DependencyHealth.MAX_DEPENDENCIES + 1, DependencyHealth.all().size(), "capped, plus the overflow entry");
    DependencyHealth.reset();
  }
}
