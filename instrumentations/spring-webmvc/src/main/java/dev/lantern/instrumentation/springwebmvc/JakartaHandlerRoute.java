package dev.lantern.instrumentation.springwebmvc;

import dev.lantern.agent.api.http.HttpServerCall;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

/** Sets the route of the current server call from a jakarta.servlet request Spring has matched. */
final class JakartaHandlerRoute {

  private JakartaHandlerRoute() {}

  static void update(Object requestObject) {
    if (!(requestObject instanceof HttpServletRequest)) {
      return;
    }
    HttpServletRequest request = (HttpServletRequest) requestObject;
    // the route is the one of the request as it arrived, not of a forward, include or error page
    if (request.getDispatcherType() != DispatcherType.REQUEST) {
      return;
    }
    HttpServerCall call = HttpServerCall.current();
    if (call == null || call.isEnded()) {
      return;
    }
    Object pattern = request.getAttribute(SpringRoutes.BEST_MATCHING_PATTERN);
    if (pattern instanceof String) {
      call.updateRoute(
          SpringRoutes.route(
              request.getContextPath(),
              request.getPathInfo() != null,
              request.getServletPath(),
              (String) pattern));
    }
  }
}
