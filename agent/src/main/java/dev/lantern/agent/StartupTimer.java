package dev.lantern.agent;

import org.slf4j.Logger;

/** Logs how long each start-up phase took, at debug level: where premain time goes. */
final class StartupTimer {

  private final Logger log;
  private long last;

  StartupTimer(long startNanos, Logger log) {
    this.log = log;
    this.last = startNanos;
  }

  void mark(String phase) {
    long now = System.nanoTime();
    if (log.isDebugEnabled()) {
      log.debug("start-up: {} took {} ms", phase, (now - last) / 1_000_000);
    }
    last = now;
  }
}
