package dev.lantern.instrumentation.servlet.v5_0;

import dev.lantern.instrumentation.servlet.common.ServletServerTracing;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** What the jakarta advice calls: the common lifecycle with the jakarta accessor. */
final class JakartaServletTracing {

  static final ServletServerTracing<HttpServletRequest, HttpServletResponse> TRACING =
      new ServletServerTracing<>("servlet", JakartaServletAccessor.INSTANCE);

  private JakartaServletTracing() {}

  static Object enter(ServletRequest request, ServletResponse response) {
    if (request instanceof HttpServletRequest && response instanceof HttpServletResponse) {
      return TRACING.enter((HttpServletRequest) request, (HttpServletResponse) response);
    }
    return null;
  }

  static void exit(Object state, Throwable error) {
    if (state != null) {
      TRACING.exit(state, error);
    }
  }
}
