package dev.lantern.agent;

import dev.lantern.agent.api.InstrumentationModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The instrumentation modules the agent jar lists in its service file, read from the jar itself.
 *
 * <p>Not {@link java.util.ServiceLoader}: it also searches the JDK's module layer and the platform
 * loader's resources, and scans every provider class for a static {@code provider()} method, about
 * 9 ms of premain on the application's main thread. And where a ServiceLoader stops at the first
 * provider that fails, here that one module is left out, with a warning, and the others load.
 */
final class InstrumentationModules {

  static final String SERVICE_FILE = "META-INF/services/" + InstrumentationModule.class.getName();

  private InstrumentationModules() {}

  /** @param serviceFile the agent jar's service file, or null when the jar has none */
  static List<InstrumentationModule> load(URL serviceFile, ClassLoader loader, Consumer<String> warnings)
      throws IOException {
    List<InstrumentationModule> modules = new ArrayList<>();
    if (serviceFile == null) {
      return modules;
    }
    Set<String> classNames;
    try (InputStream in = serviceFile.openStream()) {
      classNames = classNames(in);
    }
    for (String className : classNames) {
      try {
        modules.add(
            Class.forName(className, true, loader)
                .asSubclass(InstrumentationModule.class)
                .getDeclaredConstructor()
                .newInstance());
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        warnings.accept(
            "Instrumentation module " + className + " could not be loaded and is left out: " + e);
      }
    }
    return modules;
  }

  /** The class names of a service file: one per line, '#' starts a comment, duplicates once. */
  static Set<String> classNames(InputStream serviceFile) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(serviceFile, StandardCharsets.UTF_8));
    for (String line; (line = reader.readLine()) != null; ) {
      int comment = line.indexOf('#');
      String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }
}
