package dev.lantern.instrumentation.jdkhttpserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import dev.lantern.agent.api.http.HttpServerRequestAdapter;
import java.net.InetSocketAddress;

/** Reads an {@link HttpExchange} for the server telemetry. */
final class HttpExchangeAdapter implements HttpServerRequestAdapter<HttpExchange> {

  static final HttpExchangeAdapter INSTANCE = new HttpExchangeAdapter();

  @Override
  public String method(HttpExchange exchange) {
    return exchange.getRequestMethod();
  }

  @Override
  public String scheme(HttpExchange exchange) {
    return exchange instanceof HttpsExchange ? "https" : "http";
  }

  @Override
  public String path(HttpExchange exchange) {
    return exchange.getRequestURI().getRawPath();
  }

  @Override
  public String query(HttpExchange exchange) {
    return exchange.getRequestURI().getRawQuery();
  }

  @Override
  public String route(HttpExchange exchange) {
    return exchange.getHttpContext().getPath();
  }

  @Override
  public String header(HttpExchange exchange, String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  @Override
  public String clientAddress(HttpExchange exchange) {
    InetSocketAddress remote = exchange.getRemoteAddress();
    return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
  }

  @Override
  public int clientPort(HttpExchange exchange) {
    InetSocketAddress remote = exchange.getRemoteAddress();
    return remote == null ? -1 : remote.getPort();
  }

  @Override
  public String protocolVersion(HttpExchange exchange) {
    String protocol = exchange.getProtocol();
    if (protocol == null) {
      return null;
    }
    int slash = protocol.indexOf('/');
    return slash < 0 ? protocol : protocol.substring(slash + 1);
  }

  @Override
  public void setResponseHeader(HttpExchange exchange, String name, String value) {
    exchange.getResponseHeaders().set(name, value);
  }
}
