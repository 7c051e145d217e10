package dev.lantern.instrumentation.jdbc;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/** JDBC statements of any driver, pool or framework: {@code java.sql.Statement} and friends. */
public final class JdbcInstrumentationModule extends InstrumentationModule {

  static final String QUERY_TEXT_ENABLED = "lantern.instrumentation.jdbc.query-text.enabled";
  static final String QUERY_TEXT_MAX_LENGTH = "lantern.instrumentation.jdbc.query-text.max-length";
  static final String ROOT_SPAN_THRESHOLD_MS = "lantern.instrumentation.jdbc.root-span-threshold-ms";

  public JdbcInstrumentationModule() {
    super("jdbc");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new ConnectionInstrumentation(), new StatementInstrumentation());
  }

  @Override
  public List<String> configKeys() {
    return Arrays.asList(QUERY_TEXT_ENABLED, QUERY_TEXT_MAX_LENGTH, ROOT_SPAN_THRESHOLD_MS);
  }
}
