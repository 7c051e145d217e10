package dev.lantern.agent.trace;

/**
 * An exporter that may leave single spans out of an export it otherwise completes (the OTLP
 * writer skips a span whose data cannot be read), and says how many, so that they are counted as
 * dropped rather than exported.
 */
interface PartialExport {

  /** Spans left out of the most recent export call; read right after it, on the same thread. */
  int skippedInLastExport();
}
