package dev.lantern.agent.trace;

/**
 * What the span export has been doing, for {@code /health/ready} and for logging failures once
 * per outage rather than once per batch.
 */
public final class ExportHealth {

  private final String exporter;
  private final String endpoint;
  private volatile long lastSuccessMillis;
  private volatile long lastFailureMillis;
  private volatile String lastError;
  private volatile int consecutiveFailures;

  public ExportHealth(String exporter, String endpoint) {
    this.exporter = exporter;
    this.endpoint = endpoint;
  }

  /** Returns true when this success ends an outage (the caller logs the recovery). */
  boolean success() {
    lastSuccessMillis = System.currentTimeMillis();
    boolean recovered = consecutiveFailures > 0;
    consecutiveFailures = 0;
    return recovered;
  }

  /** Returns true for the first failure of an outage (the caller logs it). */
  boolean failure(String error) {
    lastFailureMillis = System.currentTimeMillis();
    lastError = error;
    return consecutiveFailures++ == 0;
  }

  public String exporter() {
    return exporter;
  }

  public String endpoint() {
    return endpoint;
  }

  /** False while exports fail; true once one succeeded, or before any was attempted. */
  public boolean reachable() {
    return consecutiveFailures == 0;
  }

  public long lastSuccessMillis() {
    return lastSuccessMillis;
  }

  public long lastFailureMillis() {
    return lastFailureMillis;
  }

  public String lastError() {
    return lastError;
  }

  public int consecutiveFailures() {
    return consecutiveFailures;
  }
}
