package dev.lantern.agent.api.http;

import dev.lantern.agent.api.metrics.AgentMetrics;
import dev.lantern.agent.api.metrics.LabeledChildren;
import dev.lantern.agent.api.metrics.SemconvBuckets;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;

/**
 * {@code http_server_request_duration_seconds} and {@code http_server_active_requests}, named and
 * labelled as the OpenTelemetry Prometheus exporter writes the semantic-convention metrics.
 * Shared by every server instrumentation.
 */
final class HttpServerMetrics {

  static final String DURATION = "http_server_request_duration_seconds";
  static final String ACTIVE = "http_server_active_requests";
  static final String REQUEST_BODY_SIZE = "http_server_request_body_size_bytes";
  static final String RESPONSE_BODY_SIZE = "http_server_response_body_size_bytes";

  private static volatile HttpServerMetrics instance;

  final LabeledChildren<Histogram.Child> duration;
  final LabeledChildren<Gauge.Child> active;
  // registered on first use, so that servers that never know a body size expose no empty family
  private volatile LabeledChildren<Histogram.Child> requestBodySize;
  private volatile LabeledChildren<Histogram.Child> responseBodySize;

  private HttpServerMetrics() {
    Histogram histogram =
        AgentMetrics.histogram(
            DURATION,
            "Duration of HTTP server requests.",
            SemconvBuckets.HTTP_DURATION_SECONDS,
            "http_request_method",
            "http_response_status_code",
            "http_route",
            "url_scheme",
            "error_type");
    duration = new LabeledChildren<>(histogram, DURATION, 5, LabeledChildren.DEFAULT_MAX_SERIES);
    Gauge gauge =
        AgentMetrics.gauge(
            ACTIVE, "Number of active HTTP server requests.", "http_request_method", "url_scheme");
    active = new LabeledChildren<>(gauge, ACTIVE, 2, 100);
  }

  LabeledChildren<Histogram.Child> requestBodySize() {
    LabeledChildren<Histogram.Child> children = requestBodySize;
    if (children == null) {
      synchronized (this) {
        if (requestBodySize == null) {
          requestBodySize = bodySize(REQUEST_BODY_SIZE, "Size of HTTP server request bodies.");
        }
        children = requestBodySize;
      }
    }
    return children;
  }

  LabeledChildren<Histogram.Child> responseBodySize() {
    LabeledChildren<Histogram.Child> children = responseBodySize;
    if (children == null) {
      synchronized (this) {
        if (responseBodySize == null) {
          responseBodySize = bodySize(RESPONSE_BODY_SIZE, "Size of HTTP server response bodies.");
        }
        children = responseBodySize;
      }
    }
    return children;
  }

  private static LabeledChildren<Histogram.Child> bodySize(String name, String help) {
    Histogram histogram =
        AgentMetrics.histogram(
            name,
            help,
            SemconvBuckets.HTTP_BODY_SIZE_BYTES,
            "http_request_method",
            "http_response_status_code",
            "http_route",
            "url_scheme",
            "error_type");
    return new LabeledChildren<>(histogram, name, 5, LabeledChildren.DEFAULT_MAX_SERIES);
  }

  static HttpServerMetrics get() {
    HttpServerMetrics m = instance;
    if (m == null) {
      synchronized (HttpServerMetrics.class) {
        m = instance;
        if (m == null) {
          m = new HttpServerMetrics();
          instance = m;
        }
      }
    }
    return m;
  }
}
