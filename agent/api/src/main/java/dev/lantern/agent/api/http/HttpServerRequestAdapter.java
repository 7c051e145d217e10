package dev.lantern.agent.api.http;

import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Collections;

/**
 * How the HTTP server telemetry reads one server library's request (and writes its response
 * headers). Implemented once per library as a stateless singleton.
 */
public interface HttpServerRequestAdapter<REQ> extends TextMapGetter<REQ> {

  String method(REQ request);

  /** "http" or "https". */
  String scheme(REQ request);

  String path(REQ request);

  /** The raw query string without '?', or null. */
  String query(REQ request);

  /** A low-cardinality route template ("/owners/{id}", a context path), or null; never the raw path. */
  String route(REQ request);

  /** The first value of a request header (case-insensitive), or null. */
  String header(REQ request, String name);

  /**
   * The first values of several request headers (case-insensitive) into {@code values}, in the
   * order of {@code names}, null where absent. The server telemetry asks once per request for all
   * the headers it reads; a library whose single lookups allocate can answer in one pass.
   */
  default void headers(REQ request, String[] names, String[] values) {
    for (int i = 0; i < names.length; i++) {
      values[i] = header(request, names[i]);
    }
  }

  String clientAddress(REQ request);

  /** The client's port, or -1. */
  int clientPort(REQ request);

  /** "1.1", "2"…, or null. */
  String protocolVersion(REQ request);

  /** Sets a response header; called before the handler runs, so before headers are sent. */
  void setResponseHeader(REQ request, String name, String value);

  @Override
  default Iterable<String> keys(REQ request) {
    return Collections.emptyList();
  }

  @Override
  default String get(REQ request, String key) {
    return request == null ? null : header(request, key);
  }
}
