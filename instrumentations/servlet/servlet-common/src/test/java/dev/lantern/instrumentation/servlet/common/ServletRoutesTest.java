package dev.lantern.instrumentation.servlet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ServletRoutesTest {

  @Test
  void servlet4MappingsGiveTheirPatternUnderTheContextPath() {
    assertEquals("/shop/hello", ServletRoutes.route("/shop", "EXACT", "/hello", "/hello", null));
    assertEquals("/hello", ServletRoutes.route("", "EXACT", "/hello", "/hello", null));
    assertEquals("/shop/api/*", ServletRoutes.route("/shop", "PATH", "/api/*", "/api", "/orders/7"));
    assertEquals("/*.jsp", ServletRoutes.route("", "EXTENSION", "*.jsp", "/views/a.jsp", null));
    assertEquals("/shop/", ServletRoutes.route("/shop", "CONTEXT_ROOT", "", "", "/"));
  }

  @Test
  void theDefaultServletNeverGivesTheRawPath() {
    assertEquals("/*", ServletRoutes.route("", "DEFAULT", "/", "/owners/123", null));
    assertEquals("/shop/*", ServletRoutes.route("/shop", "DEFAULT", "/", "/owners/123", null));
  }

  @Test
  void servlet3OnlyKnowsPathMappings() {
    assertEquals("/api/*", ServletRoutes.route("", null, null, "/api", "/orders/7"));
    assertEquals("/*", ServletRoutes.route(null, null, null, "", "/anything"));
    assertNull(ServletRoutes.route("", null, null, "/owners/123", null), "exact or default: unknown");
    assertNull(ServletRoutes.route("", "EXACT", "", "/x", null));
  }

  @Test
  void protocolVersionAndContentLength() {
    assertEquals("1.1", ServletRoutes.protocolVersion("HTTP/1.1"));
    assertEquals("2", ServletRoutes.protocolVersion("HTTP/2"));
    assertNull(ServletRoutes.protocolVersion(null));
    assertEquals(1234, ServletRoutes.contentLength("1234"));
    assertEquals(0, ServletRoutes.contentLength("0"));
    assertEquals(-1, ServletRoutes.contentLength(null));
    assertEquals(-1, ServletRoutes.contentLength("12a"));
    assertEquals(-1, ServletRoutes.contentLength("-5"));
    assertEquals(-1, ServletRoutes.contentLength("9".repeat(40)));
  }
}
