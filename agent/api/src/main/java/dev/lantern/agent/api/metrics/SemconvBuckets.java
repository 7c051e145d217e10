package dev.lantern.agent.api.metrics;

/** Histogram bucket boundaries recommended by the OpenTelemetry semantic conventions. */
public final class SemconvBuckets {

  /** {@code http.server.request.duration}, {@code http.client.request.duration}, messaging. */
  public static final double[] HTTP_DURATION_SECONDS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
  };

  /**
   * {@code http.server.request.body.size} and {@code http.server.response.body.size}. The semantic
   * conventions give no advice for sizes; powers of 4 from 64 B to 64 MiB cover a JSON answer as
   * well as an upload in 11 buckets.
   */
  public static final double[] HTTP_BODY_SIZE_BYTES = {
    64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864
  };

  /** {@code db.client.operation.duration}. */
  public static final double[] DB_DURATION_SECONDS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};

  /** {@code gen_ai.client.operation.duration} and time to first token. */
  public static final double[] GENAI_DURATION_SECONDS = {
    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92
  };

  /** {@code gen_ai.client.token.usage}. */
  public static final double[] GENAI_TOKENS = {
    1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864
  };

  private SemconvBuckets() {}
}
