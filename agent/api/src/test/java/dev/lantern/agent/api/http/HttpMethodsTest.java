package dev.lantern.agent.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class HttpMethodsTest {

  @Test
  void knownMethodsAreKeptAndEverythingElseIsOther() {
    for (String m : new String[] {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE", "QUERY"}) {
      assertEquals(m, HttpMethods.normalize(new String(m)));
    }
    for (String m : new String[] {"get", "PROPFIND", "", "GET ", "X".repeat(1000)}) {
      assertSame(HttpMethods.OTHER, HttpMethods.normalize(m));
    }
    assertSame(HttpMethods.OTHER, HttpMethods.normalize(null));
  }

  @Test
  void numberLabelsAreCachedStrings() {
    assertSame(NumberLabels.status(200), NumberLabels.status(200));
    assertEquals("404", NumberLabels.status(404));
    assertEquals("", NumberLabels.status(-1));
    assertEquals("600", NumberLabels.status(600));
    assertSame(NumberLabels.port(8080), NumberLabels.port(8080));
    assertEquals("9088", NumberLabels.port(9088)); // same slot as 8080 modulo 1024? no matter: correct value
    assertEquals("8080", NumberLabels.port(8080));
    assertEquals("", NumberLabels.port(-1));
  }
}
