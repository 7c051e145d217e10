package dev.lantern.instrumentation.springwebmvc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SpringRoutesTest {

  @Test
  void patternIsPrefixedWithContextAndPrefixMapping() {
    assertEquals("/owners/{ownerId}", SpringRoutes.route("", false, "/owners/42", "/owners/{ownerId}"));
    assertEquals("/shop/owners/{id}", SpringRoutes.route("/shop", false, "/owners/42", "/owners/{id}"));
    assertEquals("/shop/app/owners/{id}", SpringRoutes.route("/shop", true, "/app", "/owners/{id}"));
    assertEquals("/app/x", SpringRoutes.route("", true, "/app", "x"));
    assertEquals("/**", SpringRoutes.route("", false, "/static/a.css", "/**"));
    assertNull(SpringRoutes.route("", false, "/x", ""));
  }
}
