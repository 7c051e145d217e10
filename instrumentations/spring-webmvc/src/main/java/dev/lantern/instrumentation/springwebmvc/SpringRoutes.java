package dev.lantern.instrumentation.springwebmvc;

/**
 * Makes a full route from Spring's best matching pattern, which is relative to the dispatcher
 * servlet: the context path, and the servlet's path when it is mapped to a prefix ({@code /app/*}),
 * come in front.
 */
final class SpringRoutes {

  static final String BEST_MATCHING_PATTERN =
      "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private SpringRoutes() {}

  /**
   * @param prefixMapped whether the dispatcher servlet is mapped to a path prefix (then {@code
   *     servletPath} is that prefix, a fixed string of the deployment)
   */
  static String route(String contextPath, boolean prefixMapped, String servletPath, String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      return null;
    }
    StringBuilder route = new StringBuilder(64);
    if (contextPath != null) {
      route.append(contextPath);
    }
    if (prefixMapped && servletPath != null) {
      route.append(servletPath);
    }
    if (pattern.charAt(0) != '/') {
      route.append('/');
    }
    return route.append(pattern).toString();
  }
}
