package dev.lantern.instrumentation.jdbc;

import dev.lantern.agent.api.AgentConfig;
import dev.lantern.agent.api.AgentRuntime;

/** The jdbc instrumentation's options, read once. */
final class JdbcSettings {

  static final String QUERY_TEXT_ENABLED = JdbcInstrumentationModule.QUERY_TEXT_ENABLED;
  static final String QUERY_TEXT_MAX_LENGTH = JdbcInstrumentationModule.QUERY_TEXT_MAX_LENGTH;
  static final String ROOT_SPAN_THRESHOLD_MS = JdbcInstrumentationModule.ROOT_SPAN_THRESHOLD_MS;

  /**
   * How long a statement outside any trace must take to become a span of its own. Such statements
   * (migrations at start-up, pool validation, scheduled jobs) are mostly noise as one-span traces;
   * the slow ones are what a user looks for. Every statement is counted in the metrics.
   */
  static final int DEFAULT_ROOT_SPAN_THRESHOLD_MS = 100;

  /** Whether spans carry the sanitized statement as {@code db.query.text}. */
  static final boolean QUERY_TEXT;

  /** Longest {@code db.query.text}, in chars, after sanitizing. */
  static final int MAX_LENGTH;

  /** See {@link #DEFAULT_ROOT_SPAN_THRESHOLD_MS}; 0: every statement is a span. */
  static final int ROOT_SPAN_THRESHOLD;

  static {
    AgentConfig config = AgentRuntime.config();
    QUERY_TEXT = config == null || config.getBoolean(QUERY_TEXT_ENABLED, true);
    MAX_LENGTH =
        config == null
            ? SqlSanitizer.DEFAULT_MAX_LENGTH
            : config.getInt(QUERY_TEXT_MAX_LENGTH, SqlSanitizer.DEFAULT_MAX_LENGTH, 64, 1 << 20);
    ROOT_SPAN_THRESHOLD =
        config == null
            ? DEFAULT_ROOT_SPAN_THRESHOLD_MS
            : config.getInt(ROOT_SPAN_THRESHOLD_MS, DEFAULT_ROOT_SPAN_THRESHOLD_MS, 0, 3_600_000);
  }

  private JdbcSettings() {}
}
