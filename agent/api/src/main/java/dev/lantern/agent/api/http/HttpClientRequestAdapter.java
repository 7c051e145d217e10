package dev.lantern.agent.api.http;

/** How the HTTP client telemetry reads one client library's request. A stateless singleton. */
public interface HttpClientRequestAdapter<REQ> {

  String method(REQ request);

  /** The full URL as sent; the telemetry redacts it before recording. */
  String url(REQ request);

  String serverAddress(REQ request);

  /** The effective port (the scheme's default when the URL has none), or -1. */
  int serverPort(REQ request);
}
