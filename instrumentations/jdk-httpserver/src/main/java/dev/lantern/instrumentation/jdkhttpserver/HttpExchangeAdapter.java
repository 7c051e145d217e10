package dev.lantern.instrumentation.jdkhttpserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import dev.lantern.agent.api.http.HttpServerRequestAdapter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

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

  /**
   * One pass over the request's headers: each {@code getFirst} copies the name it is given to
   * normalise it (two arrays and a string), and most of the names asked for are absent.
   */
  @Override
  public void headers(HttpExchange exchange, String[] names, String[] values) {
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      String name = header.getKey();
      for (int i = 0; i < names.length; i++) {
        if (values[i] == null && names[i].equalsIgnoreCase(name)) {
          List<String> all = header.getValue();
          values[i] = all == null || all.isEmpty() ? null : all.get(0);
        }
      }
    }
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
    if (protocol.equals("HTTP/1.1")) {
      return "1.1"; // nearly every request: no substring per request
    }
    int slash = protocol.indexOf('/');
    return slash < 0 ? protocol : protocol.substring(slash + 1);
  }

  @Override
  public void setResponseHeader(HttpExchange exchange, String name, String value) {
    exchange.getResponseHeaders().set(name, value);
  }
}
