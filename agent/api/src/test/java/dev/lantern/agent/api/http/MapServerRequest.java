package dev.lantern.agent.api.http;

import java.util.Map;

/**
 * A server request as a map, for the telemetry's tests: {@code path} and {@code query} are the
 * URL's parts, and every entry is also a header, looked up case-insensitively. Counts the lookups.
 */
final class MapServerRequest implements HttpServerRequestAdapter<Map<String, String>> {

  int headerReads;

  @Override
  public String header(Map<String, String> r, String name) {
    headerReads++;
    for (Map.Entry<String, String> e : r.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  @Override
  public String method(Map<String, String> r) {
    return "GET";
  }

  @Override
  public String scheme(Map<String, String> r) {
    return "http";
  }

  @Override
  public String path(Map<String, String> r) {
    return r.get("path");
  }

  @Override
  public String query(Map<String, String> r) {
    return r.get("query");
  }

  @Override
  public String route(Map<String, String> r) {
    return "/x";
  }

  @Override
  public String clientAddress(Map<String, String> r) {
    return null;
  }

  @Override
  public int clientPort(Map<String, String> r) {
    return -1;
  }

  @Override
  public String protocolVersion(Map<String, String> r) {
    return null;
  }

  @Override
  public void setResponseHeader(Map<String, String> r, String name, String value) {}
}
