package dev.lantern.instrumentation.jersey;

/**
 * Joins the application's base path (context path and servlet mapping, e.g. {@code /shop/api/})
 * with the templates Jersey matched, which it lists from the resource method's up to the root
 * resource's: {@code ["/{id}", "/orders"]} under {@code /api/} gives {@code /api/orders/{id}}.
 */
final class JerseyRoutes {

  private JerseyRoutes() {}

  static String route(String basePath, String[] templatesInnermostFirst) {
    if (templatesInnermostFirst.length == 0) {
      return null;
    }
    StringBuilder route = new StringBuilder(64);
    if (basePath != null) {
      route.append(basePath);
    }
    for (int i = templatesInnermostFirst.length - 1; i >= 0; i--) {
      String template = templatesInnermostFirst[i];
      if (template == null || template.isEmpty() || template.equals("/")) {
        continue;
      }
      boolean endsWithSlash = route.length() > 0 && route.charAt(route.length() - 1) == '/';
      boolean startsWithSlash = template.charAt(0) == '/';
      if (endsWithSlash && startsWithSlash) {
        route.append(template, 1, template.length());
      } else if (!endsWithSlash && !startsWithSlash) {
        route.append('/').append(template);
      } else {
        route.append(template);
      }
    }
    int length = route.length();
    if (length > 1 && route.charAt(length - 1) == '/') {
      route.setLength(length - 1);
    }
    if (route.length() == 0) {
      route.append('/');
    }
    return route.toString();
  }
}
