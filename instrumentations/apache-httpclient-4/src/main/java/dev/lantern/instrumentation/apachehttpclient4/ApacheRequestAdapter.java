package dev.lantern.instrumentation.apachehttpclient4;

import dev.lantern.agent.api.http.HttpClientRequestAdapter;
import java.net.URI;
import org.apache.http.client.methods.HttpUriRequest;

final class ApacheRequestAdapter implements HttpClientRequestAdapter<ApacheRequest> {

  static final ApacheRequestAdapter INSTANCE = new ApacheRequestAdapter();

  @Override
  public String method(ApacheRequest r) {
    return r.request.getRequestLine().getMethod();
  }

  @Override
  public String url(ApacheRequest r) {
    URI uri = absoluteUri(r);
    if (uri != null) {
      return uri.toString();
    }
    String path = r.request.getRequestLine().getUri();
    if (r.target == null) {
      return path;
    }
    return r.target.toURI() + (path.startsWith("/") ? path : "/" + path);
  }

  @Override
  public String serverAddress(ApacheRequest r) {
    if (r.target != null) {
      return r.target.getHostName();
    }
    URI uri = absoluteUri(r);
    return uri == null ? null : uri.getHost();
  }

  @Override
  public int serverPort(ApacheRequest r) {
    String scheme;
    int port;
    if (r.target != null) {
      scheme = r.target.getSchemeName();
      port = r.target.getPort();
    } else {
      URI uri = absoluteUri(r);
      if (uri == null) {
        return -1;
      }
      scheme = uri.getScheme();
      port = uri.getPort();
    }
    if (port > 0) {
      return port;
    }
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }

  private static URI absoluteUri(ApacheRequest r) {
    if (r.request instanceof HttpUriRequest) {
      URI uri = ((HttpUriRequest) r.request).getURI();
      if (uri != null && uri.isAbsolute()) {
        return uri;
      }
    }
    return null;
  }
}
