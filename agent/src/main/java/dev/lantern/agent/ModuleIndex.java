package dev.lantern.agent;

import dev.lantern.agent.api.AgentConfig;
import dev.lantern.agent.api.InstrumentationModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What premain needs to know of each instrumentation module, without loading it: its name, whether
 * it is on when its switch is unset, the types that must wait for the weaving and its extra
 * configuration keys. Loading the eighteen module classes (and what they touch) was about 5 ms of
 * premain, on the application's main thread; with the index, modules are loaded on the start-up
 * thread, and only those that are on.
 *
 * <p>The index is a resource of the agent jar ({@value #RESOURCE}), one line per module class:
 * {@code class TAB name TAB enabled TAB typesToAwait TAB configKeys}, lists comma-separated or
 * {@code -}, {@code enabled} one of {@code true}, {@code false}, or {@code ask} for a module that
 * decides from the configuration ({@link InstrumentationModule#enabledWhenUnset}), which is then
 * loaded in premain. {@code ModuleIndexTest} fails when the index and the modules disagree and
 * prints the index to commit. An index that does not list exactly the service file's classes (a
 * stale one) is ignored and every module is loaded, as without it.
 */
final class ModuleIndex {

  static final String RESOURCE = "dev/lantern/agent/modules.index";
  private static final String ASK = "ask";

  private ModuleIndex() {}

  /** One module as premain sees it; the module itself is loaded only when asked for. */
  static final class Entry {
    final String className;
    final String name;
    /** Null: the module decides ({@code ask}). */
    private final Boolean enabledWhenUnset;
    final List<String> typesToAwait;
    final List<String> configKeys;
    private InstrumentationModule module;
    private boolean loadFailed;

    Entry(String className, String name, Boolean enabledWhenUnset, List<String> typesToAwait, List<String> configKeys) {
      this.className = className;
      this.name = name;
      this.enabledWhenUnset = enabledWhenUnset;
      this.typesToAwait = typesToAwait;
      this.configKeys = configKeys;
    }

    /** An entry for a module that is already loaded (no index, or in tests). */
    static Entry of(InstrumentationModule module) {
      Entry e =
          new Entry(
              module.getClass().getName(),
              module.name(),
              decidesItself(module.getClass()) ? null : module.enabledByDefault(),
              module.typesToAwait(),
              module.configKeys());
      e.module = module;
      return e;
    }

    boolean enabledWhenUnset(AgentConfig config, ClassLoader loader, Consumer<String> warnings) {
      if (enabledWhenUnset != null) {
        return enabledWhenUnset;
      }
      InstrumentationModule m = module(loader, warnings);
      return m != null && m.enabledWhenUnset(config);
    }

    /** The module, loaded on first use; null (with a warning, once) when it cannot be loaded. */
    synchronized InstrumentationModule module(ClassLoader loader, Consumer<String> warnings) {
      if (module == null && !loadFailed) {
        try {
          InstrumentationModule loaded =
              Class.forName(className, true, loader)
                  .asSubclass(InstrumentationModule.class)
                  .getDeclaredConstructor()
                  .newInstance();
          if (!loaded.name().equals(name)) {
            throw new IllegalStateException("it is named " + loaded.name() + ", the index says " + name);
          }
          module = loaded;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
          loadFailed = true;
          warnings.accept("Instrumentation module " + className + " could not be loaded and is left out: " + e);
        }
      }
      return module;
    }
  }

  /** Whether the class overrides {@link InstrumentationModule#enabledWhenUnset}. */
  static boolean decidesItself(Class<?> type) {
    for (Class<?> c = type; c != null && c != InstrumentationModule.class; c = c.getSuperclass()) {
      try {
        c.getDeclaredMethod("enabledWhenUnset", AgentConfig.class);
        return true;
      } catch (NoSuchMethodException notHere) {
        // look further up
      }
    }
    return false;
  }

  static List<Entry> read(InputStream in) throws IOException {
    List<Entry> entries = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line; (line = reader.readLine()) != null; ) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 5) {
        throw new IOException("malformed module index line: " + line);
      }
      Boolean enabled = f[2].equals(ASK) ? null : Boolean.valueOf(f[2]);
      entries.add(new Entry(f[0], f[1], enabled, list(f[3]), list(f[4])));
    }
    return entries;
  }

  /**
   * The index in the service file's order (the order advice nests in), or null when it does not
   * list exactly the service file's classes.
   */
  static List<Entry> ifCurrent(List<Entry> index, Set<String> serviceClasses) {
    java.util.Map<String, Entry> byClass = new java.util.HashMap<>();
    for (Entry e : index) {
      byClass.put(e.className, e);
    }
    if (byClass.size() != index.size() || !byClass.keySet().equals(serviceClasses)) {
      return null;
    }
    List<Entry> ordered = new ArrayList<>(index.size());
    for (String className : serviceClasses) {
      ordered.add(byClass.get(className));
    }
    return ordered;
  }

  /** The index lines for these modules, as {@link #read} reads them. */
  static String render(List<InstrumentationModule> modules) {
    StringBuilder out =
        new StringBuilder("# generated from the modules by ModuleIndexTest; see ModuleIndex\n");
    for (InstrumentationModule m : modules) {
      Entry e = Entry.of(m); // what premain would know of the module without the index
      out.append(e.className)
          .append('\t')
          .append(e.name)
          .append('\t')
          .append(e.enabledWhenUnset == null ? ASK : String.valueOf(e.enabledWhenUnset))
          .append('\t')
          .append(join(e.typesToAwait))
          .append('\t')
          .append(join(e.configKeys))
          .append('\n');
    }
    return out.toString();
  }

  private static String join(List<String> values) {
    return values.isEmpty() ? "-" : String.join(",", values);
  }

  private static List<String> list(String field) {
    return field.equals("-") ? Collections.emptyList() : Collections.unmodifiableList(Arrays.asList(field.split(",")));
  }
}
