package dev.lantern.instrumentation.servlet.v3_0;

import dev.lantern.instrumentation.servlet.common.ServletAccessor;
import dev.lantern.instrumentation.servlet.common.ServletExchange;
import dev.lantern.instrumentation.servlet.common.ServletRoutes;
import dev.lantern.instrumentation.servlet.common.ServletServerTracing;
import javax.servlet.DispatcherType;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.MappingMatch;

/** javax.servlet for the common lifecycle; Servlet 4 methods are used only where present. */
final class JavaxServletAccessor implements ServletAccessor<HttpServletRequest, HttpServletResponse> {

  static final JavaxServletAccessor INSTANCE = new JavaxServletAccessor();

  /** Servlet 3.x APIs lack getHttpServletMapping; found out once, on the first request. */
  private static volatile boolean mappingUnavailable;

  @Override
  public String method(HttpServletRequest request) {
    return request.getMethod();
  }

  @Override
  public String scheme(HttpServletRequest request) {
    return request.getScheme();
  }

  @Override
  public String requestUri(HttpServletRequest request) {
    return request.getRequestURI();
  }

  @Override
  public String query(HttpServletRequest request) {
    return request.getQueryString();
  }

  @Override
  public String header(HttpServletRequest request, String name) {
    return request.getHeader(name);
  }

  @Override
  public String remoteAddress(HttpServletRequest request) {
    return request.getRemoteAddr();
  }

  @Override
  public int remotePort(HttpServletRequest request) {
    return request.getRemotePort();
  }

  @Override
  public String protocol(HttpServletRequest request) {
    return request.getProtocol();
  }

  @Override
  public String mappingRoute(HttpServletRequest request) {
    String match = null;
    String pattern = null;
    if (!mappingUnavailable) {
      try {
        HttpServletMapping mapping = request.getHttpServletMapping();
        MappingMatch mappingMatch = mapping == null ? null : mapping.getMappingMatch();
        if (mappingMatch != null) {
          match = mappingMatch.name();
          pattern = mapping.getPattern();
        }
      } catch (NoSuchMethodError | NoClassDefFoundError | AbstractMethodError e) {
        mappingUnavailable = true;
      }
    }
    return ServletRoutes.route(
        request.getContextPath(), match, pattern, request.getServletPath(), request.getPathInfo());
  }

  @Override
  public boolean isInitialDispatch(HttpServletRequest request) {
    return request.getDispatcherType() == DispatcherType.REQUEST;
  }

  @Override
  public Object getAttribute(HttpServletRequest request, String name) {
    return request.getAttribute(name);
  }

  @Override
  public void setAttribute(HttpServletRequest request, String name, Object value) {
    request.setAttribute(name, value);
  }

  @Override
  public boolean isAsyncStarted(HttpServletRequest request) {
    return request.isAsyncStarted();
  }

  @Override
  public boolean addAsyncListener(
      ServletExchange<HttpServletRequest, HttpServletResponse> exchange,
      ServletServerTracing<HttpServletRequest, HttpServletResponse> tracing) {
    exchange.request().getAsyncContext().addListener(new JavaxAsyncListener(exchange, tracing));
    return true;
  }

  @Override
  public long requestBodySize(HttpServletRequest request) {
    try {
      return request.getContentLengthLong();
    } catch (NoSuchMethodError | AbstractMethodError servlet30) {
      return request.getContentLength();
    }
  }

  @Override
  public int status(HttpServletResponse response) {
    return response.getStatus();
  }

  @Override
  public boolean isCommitted(HttpServletResponse response) {
    return response.isCommitted();
  }

  @Override
  public String responseHeader(HttpServletResponse response, String name) {
    return response.getHeader(name);
  }

  @Override
  public void setResponseHeader(HttpServletResponse response, String name, String value) {
    response.setHeader(name, value);
  }

  @Override
  public Throwable unwrap(Throwable error) {
    Throwable t = error;
    for (int i = 0; i < 8 && t instanceof ServletException; i++) {
      Throwable root = ((ServletException) t).getRootCause();
      if (root == null || root == t) {
        break;
      }
      t = root;
    }
    return t;
  }
}
