package dev.lantern.agent.api.http;

import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.LanternThread;
import dev.lantern.agent.api.correlation.CorrelationId;
import dev.lantern.agent.api.correlation.CorrelationSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * Server spans and metrics for one HTTP server library: extracts W3C trace context, baggage and
 * the correlation ID from the request, starts a SERVER span named {@code METHOD route}, makes it
 * current, puts the correlation ID on the response, and on end records status, errors and {@code
 * http_server_request_duration_seconds}.
 */
public final class HttpServerTelemetry<REQ> {

  /** Header values longer than this are ignored by propagation: they can only be abuse. */
  static final int MAX_HEADER_LENGTH = 8192;

  /**
   * URL attributes ({@code url.path}, {@code url.query}, {@code url.full}) are cut to this many
   * characters: a client can send a URL of hundreds of kilobytes to a permissive server, and every
   * span the export queue and the trace view hold would keep all of it.
   */
  static final int MAX_URL_LENGTH = 8192;

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> METHOD_ORIGINAL =
      AttributeKey.stringKey("http.request.method_original");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  static final AttributeKey<String> PEER_ADDRESS = AttributeKey.stringKey("network.peer.address");
  static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey("network.peer.port");
  static final AttributeKey<String> PROTOCOL_VERSION =
      AttributeKey.stringKey("network.protocol.version");
  static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<Long> REQUEST_BODY_SIZE = AttributeKey.longKey("http.request.body.size");
  static final AttributeKey<Long> RESPONSE_BODY_SIZE =
      AttributeKey.longKey("http.response.body.size");
  public static final AttributeKey<String> CORRELATION_ID =
      AttributeKey.stringKey("lantern.correlation_id");

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final CorrelationSettings correlation;
  private final HttpServerRequestAdapter<REQ> adapter;
  private final HttpServerMetrics metrics;
  /** The headers read from each request: the propagators' fields, then Host and User-Agent. */
  private final String[] headerNames;
  private final int hostIndex;
  private final int userAgentIndex;

  private HttpServerTelemetry(String moduleName, HttpServerRequestAdapter<REQ> adapter) {
    this.tracer = AgentRuntime.tracer(moduleName);
    this.propagator = AgentRuntime.propagator();
    this.correlation = AgentRuntime.correlation();
    this.adapter = adapter;
    this.metrics = HttpServerMetrics.get();
    this.headerNames = headerNames(propagator.fields());
    this.hostIndex = indexOf(headerNames, "Host");
    this.userAgentIndex = indexOf(headerNames, "User-Agent");
  }

  static String[] headerNames(java.util.Collection<String> propagatorFields) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (String field : propagatorFields) {
      addOnce(names, field);
    }
    addOnce(names, "Host");
    addOnce(names, "User-Agent");
    return names.toArray(new String[0]);
  }

  /** Header names are case-insensitive: a name is listed once whatever its case. */
  private static void addOnce(java.util.List<String> names, String name) {
    if (name == null) {
      return;
    }
    for (String listed : names) {
      if (listed.equalsIgnoreCase(name)) {
        return;
      }
    }
    names.add(name);
  }

  private static int indexOf(String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  public static <REQ> HttpServerTelemetry<REQ> create(
      String moduleName, HttpServerRequestAdapter<REQ> adapter) {
    return new HttpServerTelemetry<>(moduleName, adapter);
  }

  /**
   * Starts the server span and makes it current; null when a server span is already current (a
   * nested server instrumentation) or on an agent thread. The caller must call {@link #end} on
   * the same thread.
   */
  public HttpServerCall start(REQ request) {
    Context current = Context.current();
    if (HttpServerCall.fromContext(current) != null || LanternThread.isCurrent()) {
      return null;
    }
    long startNanos = System.nanoTime();
    // From root, not current: a context leaked onto a pooled server thread must not become the parent.
    RequestHeaders<REQ> headers = new RequestHeaders<>(adapter, request, headerNames);
    Context parent = propagator.extract(Context.root(), headers, RequestHeaders.GETTER);

    String correlationId = CorrelationId.fromContext(parent);
    if (correlationId == null) {
      correlationId = CorrelationId.generate();
      parent = CorrelationId.storeIn(parent, correlationId);
    }
    // the baggage member is added only when baggage is injected into an outgoing call

    String rawMethod = adapter.method(request);
    String method = HttpMethods.normalize(rawMethod);
    String route = adapter.route(request);
    String scheme = adapter.scheme(request);
    SpanBuilder builder =
        tracer
            .spanBuilder(spanName(method, route))
            .setSpanKind(SpanKind.SERVER)
            .setParent(parent)
            .setAttribute(METHOD, method)
            .setAttribute(SCHEME, scheme)
            .setAttribute(PATH, truncate(adapter.path(request), MAX_URL_LENGTH))
            .setAttribute(CORRELATION_ID, correlationId);
    if (method == HttpMethods.OTHER && rawMethod != null) {
      builder.setAttribute(METHOD_ORIGINAL, truncate(rawMethod, 64));
    }
    if (route != null) {
      builder.setAttribute(ROUTE, route);
    }
    String query = adapter.query(request);
    if (query != null) {
      builder.setAttribute(QUERY, truncate(UrlRedaction.redactQuery(query), MAX_URL_LENGTH));
    }
    setHostAttributes(builder, headers.value(hostIndex));
    String client = adapter.clientAddress(request);
    if (client != null) {
      builder.setAttribute(CLIENT_ADDRESS, client).setAttribute(PEER_ADDRESS, client);
      int clientPort = adapter.clientPort(request);
      if (clientPort > 0) {
        builder.setAttribute(PEER_PORT, (long) clientPort);
      }
    }
    String protocol = adapter.protocolVersion(request);
    if (protocol != null) {
      builder.setAttribute(PROTOCOL_VERSION, protocol);
    }
    String userAgent = headers.value(userAgentIndex);
    if (userAgent != null) {
      builder.setAttribute(USER_AGENT, truncate(userAgent, 512));
    }
    Span span = builder.startSpan();

    if (correlation.responseHeader()) {
      adapter.setResponseHeader(request, correlation.outboundHeader(), correlationId);
    }
    metrics.active.get(method, scheme).inc();
    return new HttpServerCall(span, startNanos, method, scheme, route, correlationId)
        .attach(parent.with(span));
  }

  /** Ends the span and records the metrics; a status below 100 means no response was sent. */
  public void end(HttpServerCall call, int status, Throwable error) {
    end(call, status, error, -1, -1);
  }

  /**
   * As {@link #end(HttpServerCall, int, Throwable)}, and records {@code
   * http_server_request_body_size_bytes} and {@code http_server_response_body_size_bytes} for the
   * sizes that are known (a negative size is unknown and recorded nowhere). May be called on another
   * thread than {@link #start} (an async request); the caller makes sure it is called once.
   */
  public void end(
      HttpServerCall call, int status, Throwable error, long requestBodySize, long responseBodySize) {
    if (call == null || call.ended) {
      return;
    }
    call.ended = true;
    Span span = call.span;
    String errorType = null;
    if (status >= 100) {
      span.setAttribute(STATUS, (long) status);
    }
    if (error != null) {
      errorType = error.getClass().getName();
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, truncate(String.valueOf(error.getMessage()), 256));
    } else if (status >= 500) {
      errorType = NumberLabels.status(status);
      span.setStatus(StatusCode.ERROR);
    }
    if (errorType != null) {
      span.setAttribute(ERROR_TYPE, errorType);
    }
    String route = call.route;
    if (route != null && !route.equals(call.initialRoute)) {
      span.setAttribute(ROUTE, route);
      span.updateName(spanName(call.method, route));
    }
    if (requestBodySize >= 0) {
      span.setAttribute(REQUEST_BODY_SIZE, requestBodySize);
    }
    if (responseBodySize >= 0) {
      span.setAttribute(RESPONSE_BODY_SIZE, responseBodySize);
    }
    // observed while the span is still current, so the bucket's exemplar points at this trace
    String statusLabel = NumberLabels.status(status);
    metrics
        .duration
        .get(call.method, statusLabel, route, call.scheme, errorType)
        .observe((System.nanoTime() - call.startNanos) / 1e9);
    if (requestBodySize >= 0) {
      metrics
          .requestBodySize()
          .get(call.method, statusLabel, route, call.scheme, errorType)
          .observe(requestBodySize);
    }
    if (responseBodySize >= 0) {
      metrics
          .responseBodySize()
          .get(call.method, statusLabel, route, call.scheme, errorType)
          .observe(responseBodySize);
    }
    metrics.active.get(call.method, call.scheme).dec();
    span.end();
    call.closeScope();
  }

  /** {@code METHOD route}; "HTTP" stands for methods outside the known set, as the conventions say. */
  private static String spanName(String method, String route) {
    String name = method == HttpMethods.OTHER ? "HTTP" : method;
    return route == null ? name : name + " " + route;
  }

  private static void setHostAttributes(SpanBuilder builder, String host) {
    if (host == null || host.isEmpty() || host.length() > 255) {
      return;
    }
    int colon = host.lastIndexOf(':');
    int bracket = host.lastIndexOf(']');
    if (colon > bracket && colon > 0) {
      builder.setAttribute(SERVER_ADDRESS, host.substring(0, colon));
      try {
        builder.setAttribute(SERVER_PORT, Long.parseLong(host.substring(colon + 1)));
      } catch (NumberFormatException ignored) {
        // a malformed Host header is recorded without a port
      }
    } else {
      builder.setAttribute(SERVER_ADDRESS, host);
    }
  }

  static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
