package dev.lantern.agent.traceview;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.trace.EncodedSpan;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentSpansTest {

  @Test
  void remembersCopiesOfTheBytesItIsHandedAndGivesThemOutOnce() {
    RecentSpans recent = new RecentSpans();
    byte[] buffer = new byte[3000]; // one buffer reused for every span, as the encoder does
    for (int i = 0; i < 3; i++) {
      Arrays.fill(buffer, (byte) i);
      recent.remember(new EncodedSpan(buffer, 10, 1000 + i * 900, null, null, "a", false));
      Arrays.fill(buffer, (byte) 99);
      recent.remember(new EncodedSpan(buffer, 0, 50, null, null, "b", false));
    }
    List<EncodedSpan> a = recent.takeTrace("a");
    assertEquals(3, a.size());
    for (int i = 0; i < 3; i++) {
      byte[] expected = new byte[1000 + i * 900];
      Arrays.fill(expected, (byte) i);
      assertArrayEquals(expected, a.get(i).bytes(), "span " + i);
    }
    assertTrue(recent.takeTrace("a").isEmpty(), "taken out");
    assertEquals(3, recent.takeTrace("b").size());
  }

  @Test
  void forgetsTheOldestAndSpansTooLargeToKeep() {
    RecentSpans recent = new RecentSpans();
    byte[] large = new byte[RecentSpans.MAX_SPAN_BYTES + 1];
    recent.remember(new EncodedSpan(large, null, null, "large", false));
    recent.remember(new EncodedSpan(new byte[10], null, null, "old", false));
    for (int i = 0; i < 127; i++) {
      recent.remember(new EncodedSpan(new byte[10], null, null, "new", false));
    }
    assertTrue(recent.takeTrace("large").isEmpty());
    assertEquals(1, recent.takeTrace("old").size(), "127 newer spans: the old one is still there");
    recent.remember(new EncodedSpan(new byte[10], null, null, "old", false));
    recent.remember(new EncodedSpan(new byte[10], null, null, "new", false));
    assertEquals(128, recent.takeTrace("new").size() + recent.takeTrace("old").size());
  }
}
