package dev.lantern.agent.api.http;

import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The request headers the server telemetry reads, looked up once per request: the propagators'
 * fields, {@code Host} and {@code User-Agent}. Extraction then reads this snapshot instead of the
 * request. A header outside the known names (a propagator that asks for more than its fields) is
 * still read from the request.
 */
final class RequestHeaders<REQ> {

  /**
   * Reads a snapshot for the propagators, ignoring values longer than {@link
   * HttpServerTelemetry#MAX_HEADER_LENGTH} before any parser sees them: they can only be abuse.
   */
  static final TextMapGetter<RequestHeaders<?>> GETTER =
      new TextMapGetter<RequestHeaders<?>>() {
        @Override
        public Iterable<String> keys(RequestHeaders<?> carrier) {
          return carrier.keys();
        }

        @Override
        public String get(RequestHeaders<?> carrier, String key) {
          return carrier == null || key == null ? null : carrier.get(key);
        }
      };

  private final HttpServerRequestAdapter<REQ> adapter;
  private final REQ request;
  private final String[] names;
  private final String[] values;

  RequestHeaders(HttpServerRequestAdapter<REQ> adapter, REQ request, String[] names) {
    this.adapter = adapter;
    this.request = request;
    this.names = names;
    this.values = new String[names.length];
    adapter.headers(request, names, values);
  }

  /** The value of the header at {@code index} of the names as sent (the caller bounds it), or null. */
  String value(int index) {
    return values[index];
  }

  String get(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return capped(values[i]);
      }
    }
    return capped(adapter.header(request, name));
  }

  private Iterable<String> keys() {
    return adapter.keys(request);
  }

  private static String capped(String value) {
    return value == null || value.length() > HttpServerTelemetry.MAX_HEADER_LENGTH ? null : value;
  }
}
