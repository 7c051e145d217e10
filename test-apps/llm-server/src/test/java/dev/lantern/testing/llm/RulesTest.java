package dev.lantern.testing.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deterministic rules and the JSON helper. */
class RulesTest {

  @Test
  void wordsAndEcho() {
    assertEquals(0, LlmServer.words(""));
    assertEquals(0, LlmServer.words("  \n "));
    assertEquals(3, LlmServer.words(" a  b\tc\n"));
    assertEquals("Echo: a b c", LlmServer.echo(" a  b\tc\n"));
    assertEquals("Echo:", LlmServer.echo(""));
  }

  @Test
  void classifierLabels() {
    assertEquals("billing", LlmServer.classify("{\"type\":\"invoice.payment_failed\"}"));
    assertEquals("billing", LlmServer.classify("Customer asks for a refund of a double charge"));
    assertEquals("outage", LlmServer.classify("Checkout is down, 502 errors since 10:00"));
    assertEquals("outage", LlmServer.classify("incident: database unavailable"));
    assertEquals("feature_request", LlmServer.classify("It would be great to have an export feature"));
    assertEquals("other", LlmServer.classify("Hello, just saying thanks!"));
    assertEquals("other", LlmServer.classify("billing, outage, feature_request or other"));
    assertTrue(LlmServer.LABELS.contains(LlmServer.classify("anything at all")));
  }

  @Test
  void classifierFindsThePayloadInAnInstructionMessage() {
    Dialogue sameMessage = new Dialogue(List.of(new Dialogue.Turn("user",
        "Classify into billing, outage, feature_request, other:\n{\"event\":\"service.down\",\"region\":\"eu\"}")));
    assertEquals("outage", sameMessage.reply());
    Dialogue colon = new Dialogue(List.of(new Dialogue.Turn("user", "Please classify: my card was charged twice")));
    assertEquals("billing", colon.reply());
    Dialogue system = new Dialogue(List.of(new Dialogue.Turn("system", "You are a webhook classifier."),
        new Dialogue.Turn("user", "Can you add SSO support?")));
    assertEquals("feature_request", system.reply());
    Dialogue plain = new Dialogue(List.of(new Dialogue.Turn("user", "Can you add SSO support?")));
    assertEquals("Echo: Can you add SSO support?", plain.reply());
  }

  @Test
  void tokenCountsCoverEveryMessage() {
    Dialogue d = new Dialogue(List.of(new Dialogue.Turn("system", "be brief"),
        new Dialogue.Turn("user", "first question"), new Dialogue.Turn("assistant", "Echo: first question"),
        new Dialogue.Turn("user", "second")));
    assertEquals(8, d.inputWords());
    assertEquals("Echo: second", d.reply());
  }

  @Test
  void vectorsAreDeterministicUnitVectors() {
    float[] a = LlmServer.vector("text", 32);
    assertArrayEquals(a, LlmServer.vector("text", 32));
    double norm = 0;
    for (float f : a) {
      norm += f * f;
    }
    assertEquals(1.0, norm, 1e-5);
  }

  @Test
  void jsonRoundTrip() {
    String text = "{\"a\":[1,2.5,-3e2,true,false,null],\"s\":\"q\\\"\\\\\\n\\u00e9\\t\",\"o\":{}}";
    Object parsed = Json.parse(text);
    Map<?, ?> m = (Map<?, ?>) parsed;
    assertEquals(List.of(1L, 2.5, -300.0, true, false), ((List<?>) m.get("a")).subList(0, 5));
    assertNull(((List<?>) m.get("a")).get(5));
    assertEquals("q\"\\\né\t", m.get("s"));
    assertEquals(parsed, Json.parse(Json.write(parsed)));
    assertEquals("[1.5,2.0]", Json.write(new float[] {1.5f, 2f}));
    assertEquals("\"\\u0001\"", Json.write("\u0001"));
  }

  @Test
  void jsonRejectsGarbage() {
    for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "1 2", "{\"a\":1,}")) {
      assertThrows(Json.JsonException.class, () -> Json.parse(bad), bad);
    }
  }

  @Test
  void faultSpecs() {
    assertThrows(IllegalArgumentException.class, () -> Fault.parse("600"));
    assertThrows(IllegalArgumentException.class, () -> Fault.parse("slow:abc"));
    Fault f = Fault.parse("429, slow:10 ,no-usage");
    assertEquals(429, f.status);
    assertEquals(10, f.slowMillis);
    assertTrue(f.noUsage);
    assertEquals(Fault.NONE, Fault.parse(null));
  }
}
