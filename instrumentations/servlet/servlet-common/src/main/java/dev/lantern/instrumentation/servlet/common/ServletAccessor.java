package dev.lantern.instrumentation.servlet.common;

/**
 * What the common servlet logic needs from one servlet API generation (javax or jakarta), whose
 * types it cannot name. Implemented once per API as a stateless singleton.
 */
public interface ServletAccessor<REQ, RES> {

  String method(REQ request);

  String scheme(REQ request);

  /** The raw request URI path (context path included, not decoded). */
  String requestUri(REQ request);

  String query(REQ request);

  String header(REQ request, String name);

  String remoteAddress(REQ request);

  int remotePort(REQ request);

  /** "HTTP/1.1" as the container reports it. */
  String protocol(REQ request);

  /** The low-cardinality route from the servlet mapping (see {@link ServletRoutes}), or null. */
  String mappingRoute(REQ request);

  /** Whether this is the container's first dispatch of the request (not forward, include, async, error). */
  boolean isInitialDispatch(REQ request);

  Object getAttribute(REQ request, String name);

  void setAttribute(REQ request, String name, Object value);

  boolean isAsyncStarted(REQ request);

  /**
   * Registers a listener on the request's async context that ends the exchange when the async
   * work completes; false when that is not possible (the exchange must then be ended now).
   */
  boolean addAsyncListener(ServletExchange<REQ, RES> exchange, ServletServerTracing<REQ, RES> tracing);

  /** The request's Content-Length, or -1 when unknown. */
  long requestBodySize(REQ request);

  int status(RES response);

  boolean isCommitted(RES response);

  String responseHeader(RES response, String name);

  void setResponseHeader(RES response, String name, String value);

  /** The exception to record: a ServletException's root cause rather than the wrapper. */
  Throwable unwrap(Throwable error);
}
