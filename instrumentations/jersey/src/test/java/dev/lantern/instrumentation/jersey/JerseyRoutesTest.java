package dev.lantern.instrumentation.jersey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class JerseyRoutesTest {

  @Test
  void templatesAreJoinedOutermostFirstUnderTheBasePath() {
    assertEquals("/api/orders/{id}", JerseyRoutes.route("/api/", new String[] {"/{id}", "/orders"}));
    assertEquals("/shop/api/orders", JerseyRoutes.route("/shop/api/", new String[] {"/", "/orders"}));
    assertEquals("/orders/{id: [0-9]+}", JerseyRoutes.route("/", new String[] {"{id: [0-9]+}", "orders"}));
    assertEquals("/", JerseyRoutes.route("/", new String[] {"/"}));
    assertEquals("/api", JerseyRoutes.route("/api/", new String[] {""}));
    assertNull(JerseyRoutes.route("/api/", new String[0]));
  }
}
