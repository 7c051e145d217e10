package dev.lantern.agent.api.http;

import dev.lantern.agent.api.metrics.AgentMetrics;
import dev.lantern.agent.api.metrics.LabeledChildren;
import dev.lantern.agent.api.metrics.SemconvBuckets;
import io.prometheus.client.Histogram;

/** {@code http_client_request_duration_seconds}, shared by every client instrumentation. */
final class HttpClientMetrics {

  static final String DURATION = "http_client_request_duration_seconds";

  private static volatile HttpClientMetrics instance;

  final LabeledChildren<Histogram.Child> duration;

  private HttpClientMetrics() {
    Histogram histogram =
        AgentMetrics.histogram(
            DURATION,
            "Duration of HTTP client requests.",
            SemconvBuckets.HTTP_DURATION_SECONDS,
            "http_request_method",
            "http_response_status_code",
            "server_address",
            "server_port",
            "error_type");
    duration = new LabeledChildren<>(histogram, DURATION, 5, LabeledChildren.DEFAULT_MAX_SERIES);
  }

  static HttpClientMetrics get() {
    HttpClientMetrics m = instance;
    if (m == null) {
      synchronized (HttpClientMetrics.class) {
        m = instance;
        if (m == null) {
          m = new HttpClientMetrics();
          instance = m;
        }
      }
    }
    return m;
  }
}
