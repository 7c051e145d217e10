package dev.lantern.instrumentation.jdbc;

import dev.lantern.agent.api.AgentConfig;
import dev.lantern.agent.api.AgentRuntime;

/** The jdbc instrumentation's options, read once. */
final class JdbcSettings {

  static final String QUERY_TEXT_ENABLED = JdbcInstrumentationModule.QUERY_TEXT_ENABLED;
  static final String QUERY_TEXT_MAX_LENGTH = JdbcInstrumentationModule.QUERY_TEXT_MAX_LENGTH;

  /** Whether spans carry the sanitized statement as {@code db.query.text}. */
  static final boolean QUERY_TEXT;

  /** Longest {@code db.query.text}, in chars, after sanitizing. */
  static final int MAX_LENGTH;

  static {
    AgentConfig config = AgentRuntime.config();
    QUERY_TEXT = config == null || config.getBoolean(QUERY_TEXT_ENABLED, true);
    MAX_LENGTH =
        config == null
            ? SqlSanitizer.DEFAULT_MAX_LENGTH
            : config.getInt(QUERY_TEXT_MAX_LENGTH, SqlSanitizer.DEFAULT_MAX_LENGTH, 64, 1 << 20);
  }

  private JdbcSettings() {}
}
