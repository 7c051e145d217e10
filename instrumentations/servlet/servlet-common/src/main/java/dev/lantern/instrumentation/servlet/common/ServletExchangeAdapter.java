package dev.lantern.instrumentation.servlet.common;

import dev.lantern.agent.api.http.HttpServerRequestAdapter;

/** Reads a servlet exchange for the server telemetry, through the API generation's accessor. */
final class ServletExchangeAdapter<REQ, RES> implements HttpServerRequestAdapter<ServletExchange<REQ, RES>> {

  private final ServletAccessor<REQ, RES> accessor;

  ServletExchangeAdapter(ServletAccessor<REQ, RES> accessor) {
    this.accessor = accessor;
  }

  @Override
  public String method(ServletExchange<REQ, RES> exchange) {
    return accessor.method(exchange.request);
  }

  @Override
  public String scheme(ServletExchange<REQ, RES> exchange) {
    return "https".equals(accessor.scheme(exchange.request)) ? "https" : "http";
  }

  @Override
  public String path(ServletExchange<REQ, RES> exchange) {
    return accessor.requestUri(exchange.request);
  }

  @Override
  public String query(ServletExchange<REQ, RES> exchange) {
    return accessor.query(exchange.request);
  }

  @Override
  public String route(ServletExchange<REQ, RES> exchange) {
    return accessor.mappingRoute(exchange.request);
  }

  @Override
  public String header(ServletExchange<REQ, RES> exchange, String name) {
    return accessor.header(exchange.request, name);
  }

  @Override
  public String clientAddress(ServletExchange<REQ, RES> exchange) {
    return accessor.remoteAddress(exchange.request);
  }

  @Override
  public int clientPort(ServletExchange<REQ, RES> exchange) {
    return accessor.remotePort(exchange.request);
  }

  @Override
  public String protocolVersion(ServletExchange<REQ, RES> exchange) {
    return ServletRoutes.protocolVersion(accessor.protocol(exchange.request));
  }

  @Override
  public void setResponseHeader(ServletExchange<REQ, RES> exchange, String name, String value) {
    if (!accessor.isCommitted(exchange.response)) {
      accessor.setResponseHeader(exchange.response, name, value);
    }
  }
}
