package dev.lantern.agent.api;

import static dev.lantern.agent.api.matcher.ElementMatchers.any;

import java.util.Collections;
import java.util.List;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * One instrumented library family, switched on and off as a whole with {@code
 * lantern.instrumentation.<name>.enabled}.
 *
 * <p>Modules are found with {@link java.util.ServiceLoader} in the agent class loader. A disabled
 * module is asked for nothing beyond its name: its type instrumentations are never built, so it
 * adds no matcher and no transformer. Implementations must not touch the instrumented library's
 * classes: those are visible only to advice and helpers, which are loaded next to the library.
 *
 * <pre>{@code
 * public final class JdkHttpServerInstrumentationModule extends InstrumentationModule {
 *   public JdkHttpServerInstrumentationModule() { super("jdk-httpserver"); }
 *   public List<TypeInstrumentation> typeInstrumentations() {
 *     return List.of(new HttpServerInstrumentation());
 *   }
 * }
 * }</pre>
 */
public abstract class InstrumentationModule {

  private final String name;

  protected InstrumentationModule(String name) {
    this.name = name;
  }

  /** The stable name used by the switch, in kebab case: {@code jdk-httpserver}, {@code jdbc}. */
  public final String name() {
    return name;
  }

  public abstract List<TypeInstrumentation> typeInstrumentations();

  /** Whether the module is on when neither its switch nor the default switch says otherwise. */
  public boolean enabledByDefault() {
    return true;
  }

  /**
   * Whether the module is on when its own switch is not set, asked once in premain: {@link
   * #enabledByDefault()} unless the module belongs to another module's family and follows that
   * module's switch. The start-up line and {@code lantern_agent_instrumentation_enabled} report
   * what this decides.
   */
  public boolean enabledWhenUnset(AgentConfig config) {
    return enabledByDefault();
  }

  /**
   * Full names of the extra {@code lantern.*} keys this module reads, so that the agent does not
   * warn about them as unknown keys.
   */
  public List<String> configKeys() {
    return Collections.emptyList();
  }

  /**
   * Fully qualified names of types that must not be loaded before the weaving is ready, because
   * what the advice hooks happens once, at or right after their loading (a context created, an
   * interceptor installed): a retransformation later would come too late. Loading them blocks
   * until the agent has finished starting (at most 10 s). Asked during premain, for enabled
   * modules only, so it must be a plain list of names: no matchers, no type instrumentations.
   */
  public List<String> typesToAwait() {
    return Collections.emptyList();
  }

  /**
   * Class loaders worth looking at; a cheap "has class X" check that spares the type matchers of
   * loaders without the library.
   */
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return any();
  }

  @Override
  public String toString() {
    return name;
  }
}
