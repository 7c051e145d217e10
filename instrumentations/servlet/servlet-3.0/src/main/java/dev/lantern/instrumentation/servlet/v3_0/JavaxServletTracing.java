package dev.lantern.instrumentation.servlet.v3_0;

import dev.lantern.instrumentation.servlet.common.ServletServerTracing;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** What the javax advice calls: the common lifecycle with the javax accessor. */
final class JavaxServletTracing {

  static final ServletServerTracing<HttpServletRequest, HttpServletResponse> TRACING =
      new ServletServerTracing<>("servlet", JavaxServletAccessor.INSTANCE);

  private JavaxServletTracing() {}

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
