package dev.lantern.agent.api.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorrelationIdTest {

  @Test
  void acceptsSafeIdsAndRejectsEverythingElse() {
    assertEquals("order-17", CorrelationId.validate("order-17"));
    assertEquals("a.b:c/d+e=f@g~h_i", CorrelationId.validate("a.b:c/d+e=f@g~h_i"));
    assertEquals("trimmed", CorrelationId.validate("  trimmed "));
    assertEquals("x".repeat(128), CorrelationId.validate("x".repeat(128)));
    assertNull(CorrelationId.validate("x".repeat(129)));
    assertNull(CorrelationId.validate(""));
    assertNull(CorrelationId.validate(null));
    assertNull(CorrelationId.validate("with space"));
    assertNull(CorrelationId.validate("line\nbreak"));
    assertNull(CorrelationId.validate("quote\""));
    assertNull(CorrelationId.validate("ünïcode"));
    assertNull(CorrelationId.validate("semi;colon"));
  }

  @Test
  void generatedIdsAreVersion4UuidsAndDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = CorrelationId.generate();
      assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
      assertTrue(seen.add(id));
      assertEquals(id, CorrelationId.validate(id));
    }
  }
}
