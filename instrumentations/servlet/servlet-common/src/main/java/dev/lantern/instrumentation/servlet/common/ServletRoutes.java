package dev.lantern.instrumentation.servlet.common;

/**
 * The route of a request from its servlet mapping, the fallback when no framework (Spring MVC,
 * Jersey) sets a finer one: a fixed string from the deployment, never the raw path.
 *
 * <table>
 *   <tr><th>mapping</th><th>route</th></tr>
 *   <tr><td>exact {@code /hello}</td><td>{@code <context>/hello}</td></tr>
 *   <tr><td>path {@code /api/*}</td><td>{@code <context>/api/*}</td></tr>
 *   <tr><td>extension {@code *.jsp}</td><td>{@code <context>/*.jsp}</td></tr>
 *   <tr><td>default {@code /}</td><td>{@code <context>/*}</td></tr>
 *   <tr><td>context root {@code ""}</td><td>{@code <context>/}</td></tr>
 * </table>
 */
public final class ServletRoutes {

  private ServletRoutes() {}

  /**
   * @param match the name of the Servlet 4 {@code MappingMatch}, or null when the container does
   *     not say (Servlet 3.x)
   * @param pattern the mapping's pattern ({@code HttpServletMapping.getPattern()})
   * @return the route, or null when it cannot be told without the raw path
   */
  public static String route(
      String contextPath, String match, String pattern, String servletPath, String pathInfo) {
    String context = contextPath == null ? "" : contextPath;
    if (match == null) {
      // Servlet 3.x: only a path mapping can be told apart, by its path info
      if (pathInfo != null && servletPath != null) {
        return context + servletPath + "/*";
      }
      return null;
    }
    switch (match) {
      case "EXACT":
        return pattern == null || pattern.isEmpty() ? null : context + pattern;
      case "PATH":
        return pattern == null || pattern.isEmpty() ? null : context + pattern;
      case "EXTENSION":
        return pattern == null || pattern.isEmpty() ? null : context + "/" + pattern;
      case "DEFAULT":
        return context + "/*";
      case "CONTEXT_ROOT":
        return context + "/";
      default:
        return null;
    }
  }

  /** "HTTP/1.1" → "1.1". */
  public static String protocolVersion(String protocol) {
    if (protocol == null) {
      return null;
    }
    int slash = protocol.indexOf('/');
    return slash < 0 ? protocol : protocol.substring(slash + 1);
  }

  /** A Content-Length header value as a number, or -1 when absent or malformed. */
  public static long contentLength(String header) {
    if (header == null || header.isEmpty() || header.length() > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
