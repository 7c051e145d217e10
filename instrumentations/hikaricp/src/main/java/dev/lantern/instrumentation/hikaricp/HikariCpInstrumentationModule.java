package dev.lantern.instrumentation.hikaricp;

import dev.lantern.agent.api.AgentConfig;
import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/**
 * HikariCP pool metrics. Part of the JDBC family: switching {@code jdbc} off switches these off
 * too, unless {@code lantern.instrumentation.hikaricp.enabled} is set explicitly.
 */
public final class HikariCpInstrumentationModule extends InstrumentationModule {

  static final String NAME = "hikaricp";

  public HikariCpInstrumentationModule() {
    super(NAME);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new HikariPoolInstrumentation());
  }

  /** Follows the {@code jdbc} switch unless {@code lantern.instrumentation.hikaricp.enabled} is set. */
  @Override
  public boolean enabledWhenUnset(AgentConfig config) {
    return config.isInstrumentationEnabled("jdbc", true);
  }
}
