package dev.lantern.instrumentation.apachehttpclient5;

import dev.lantern.agent.api.http.HttpClientRequestAdapter;
import org.apache.hc.core5.net.URIAuthority;

final class ApacheRequestAdapter implements HttpClientRequestAdapter<ApacheRequest> {

  static final ApacheRequestAdapter INSTANCE = new ApacheRequestAdapter();

  @Override
  public String method(ApacheRequest r) {
    return r.request.getMethod();
  }

  @Override
  public String url(ApacheRequest r) {
    String path = r.request.getRequestUri();
    if (path == null) {
      path = "/";
    } else if (path.contains("://")) {
      return path;
    }
    String host = serverAddress(r);
    if (host == null) {
      return path;
    }
    StringBuilder url = new StringBuilder(64).append(scheme(r)).append("://");
    url.append(host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host);
    int port = explicitPort(r);
    if (port > 0) {
      url.append(':').append(port);
    }
    return url.append(path.startsWith("/") ? "" : "/").append(path).toString();
  }

  @Override
  public String serverAddress(ApacheRequest r) {
    URIAuthority authority = r.request.getAuthority();
    if (authority != null) {
      return authority.getHostName();
    }
    return r.target == null ? null : r.target.getHostName();
  }

  @Override
  public int serverPort(ApacheRequest r) {
    int port = explicitPort(r);
    if (port > 0) {
      return port;
    }
    return "https".equalsIgnoreCase(scheme(r)) ? 443 : 80;
  }

  private static int explicitPort(ApacheRequest r) {
    URIAuthority authority = r.request.getAuthority();
    if (authority != null) {
      return authority.getPort();
    }
    return r.target == null ? -1 : r.target.getPort();
  }

  private static String scheme(ApacheRequest r) {
    String scheme = r.request.getScheme();
    if (scheme == null && r.target != null) {
      scheme = r.target.getSchemeName();
    }
    return scheme == null ? "http" : scheme;
  }
}
