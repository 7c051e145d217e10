package dev.lantern.agent.api.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.exemplars.DefaultExemplarSampler;
import io.prometheus.client.exemplars.ExemplarConfig;
import io.prometheus.client.exemplars.tracer.common.SpanContextSupplier;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The performance budget says the metric path of a request allocates nothing: no label arrays,
 * boxed numbers, iterators, lambdas or string concatenation per request. This counts the bytes
 * the current thread allocates while the HTTP server and client metric paths record many requests
 * (with exemplars on, as by default), so a per-request allocation of even one small object fails.
 *
 * <p>Exemplars are the one allowed allocation: simpleclient's sampler takes a new exemplar for a
 * bucket at most every 100 ms, which is bounded by time, not by the number of requests.
 */
class MetricPathAllocationTest {

  private static final int REQUESTS = 20_000;
  /** Far below one object (16 bytes) per request; leaves room for time-bounded exemplars. */
  private static final long MAX_BYTES = 64 * 1024;

  @BeforeAll
  static void exemplarsOn() {
    ExemplarConfig.setHistogramExemplarSampler(new DefaultExemplarSampler(new SampledSpan()));
    ExemplarConfig.enableExemplars();
  }

  @AfterAll
  static void exemplarsOff() {
    ExemplarConfig.disableExemplars();
  }

  @Test
  void serverMetricPathAllocatesNothingPerRequest() {
    HttpServerMetrics metrics = HttpServerMetrics.get();
    String route = "/owners/{ownerId}";
    Runnable request =
        () -> {
          metrics.active.get("GET", "http").inc();
          metrics.duration.get("GET", NumberLabels.status(200), route, "http", null).observe(0.0042);
          metrics.requestBodySize().get("GET", NumberLabels.status(200), route, "http", null).observe(120);
          metrics.responseBodySize().get("GET", NumberLabels.status(200), route, "http", null).observe(4096);
          metrics.active.get("GET", "http").dec();
        };
    long bytes = allocatedBy(request);
    assertTrue(bytes < MAX_BYTES, bytes + " bytes allocated for " + REQUESTS + " requests' server metrics");
  }

  @Test
  void clientMetricPathAllocatesNothingPerRequest() {
    HttpClientMetrics metrics = HttpClientMetrics.get();
    String port = NumberLabels.port(8080);
    Runnable request =
        () ->
            metrics.duration.get("POST", NumberLabels.status(503), "pricing.internal", port, "503")
                .observe(0.012);
    long bytes = allocatedBy(request);
    assertTrue(bytes < MAX_BYTES, bytes + " bytes allocated for " + REQUESTS + " requests' client metrics");
  }

  @Test
  void theProbeSeesSimpleclientsOwnLabelLookup() {
    // the control: simpleclient's labels(String...) builds a varargs array and a key list per call,
    // which is what LabeledChildren avoids; the probe must see that, or the tests above prove nothing
    io.prometheus.client.Histogram histogram =
        io.prometheus.client.Histogram.build().name("t_alloc_control").help("h").labelNames("a", "b").create();
    Runnable request = () -> histogram.labels("GET", "200").observe(0.0042);
    long bytes = allocatedBy(request);
    assertTrue(bytes > MAX_BYTES, "only " + bytes + " bytes seen for " + REQUESTS + " labels(...) lookups");
  }

  /** Bytes the current thread allocates running {@code request} REQUESTS times, after a warm-up. */
  private static long allocatedBy(Runnable request) {
    for (int i = 0; i < REQUESTS; i++) {
      request.run(); // creates the label children and any lazy state once
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < REQUESTS; i++) {
      request.run();
    }
    long after = threads.getThreadAllocatedBytes(id);
    // the probe itself allocates a little; measured with nothing in between
    long probe = threads.getThreadAllocatedBytes(id);
    long overhead = threads.getThreadAllocatedBytes(id) - probe;
    return after - before - overhead;
  }

  /** A current span that is sampled, so the exemplar sampler does its full work. */
  private static final class SampledSpan implements SpanContextSupplier {
    @Override
    public String getTraceId() {
      return "4bf92f3577b34da6a3ce929d0e0e4736";
    }

    @Override
    public String getSpanId() {
      return "00f067aa0ba902b7";
    }

    @Override
    public boolean isSampled() {
      return true;
    }
  }
}
