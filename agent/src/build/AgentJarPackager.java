import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build step (run with the single-file source launcher from the agent pom): turns the relocated
 * shaded jar into the agent jar users add with -javaagent.
 *
 * <p>Only the bootstrap package stays as ordinary .class files; every other class moves to
 * inst/…/*.classdata and every other resource to inst/…, where only the agent's own class loader
 * finds them. The application's class loaders, class-path scanners and ServiceLoader lookups see
 * nothing of the agent. Multi-release entries are resolved here for Java 11 (the minimum runtime);
 * entries for later versions are kept and fail the build, so we notice if a dependency adds one.
 */
public class AgentJarPackager {

  private static final String BOOTSTRAP = "dev/lantern/bootstrap/";
  private static final String SHADED = "dev/lantern/shaded/";
  private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/(\\d+)/(.+)");
  private static final FileTime FIXED_TIME = FileTime.fromMillis(315532800000L); // 1980-01-01

  public static void main(String[] args) throws IOException {
    Path input = Paths.get(args[0]);
    Path output = Paths.get(args[1]);
    String version = args[2];

    Map<String, byte[]> entries = new TreeMap<>();
    Map<String, Integer> chosenVersion = new TreeMap<>();
    try (JarFile jar = new JarFile(input.toFile(), false)) {
      java.util.Set<String> names = new java.util.HashSet<>();
      for (JarEntry entry : java.util.Collections.list(jar.entries())) {
        names.add(entry.getName());
      }
      for (JarEntry entry : java.util.Collections.list(jar.entries())) {
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        byte[] bytes = read(jar.getInputStream(entry));
        Matcher versioned = VERSIONED.matcher(name);
        if (versioned.matches()) {
          int release = Integer.parseInt(versioned.group(1));
          String base = versioned.group(2);
          // the shade plugin relocates the content of versioned entries but not their path
          if (isRelocatedPackage(names, base)) {
            base = SHADED + base;
          }
          if (release > 11) {
            throw new IllegalStateException(
                "multi-release entry for Java " + release + " is not supported: " + name);
          }
          Integer previous = chosenVersion.get(base);
          if (previous == null || previous < release) {
            chosenVersion.put(base, release);
            entries.put(base, bytes);
          }
          continue;
        }
        if (!chosenVersion.containsKey(name)) {
          entries.put(name, bytes);
        }
      }
    }

    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Premain-Class", "dev.lantern.bootstrap.LanternAgent");
    main.putValue("Agent-Class", "dev.lantern.bootstrap.LanternAgent");
    main.putValue("Can-Retransform-Classes", "true");
    main.putValue("Can-Redefine-Classes", "true");
    main.putValue("Implementation-Title", "Lantern agent");
    main.putValue("Implementation-Version", version);

    Files.createDirectories(output.getParent());
    int hidden = 0;
    int visible = 0;
    try (OutputStream file = Files.newOutputStream(output);
        JarOutputStream out = new JarOutputStream(file)) {
      JarEntry manifestEntry = new JarEntry(JarFile.MANIFEST_NAME);
      manifestEntry.setLastModifiedTime(FIXED_TIME);
      out.putNextEntry(manifestEntry);
      manifest.write(out);
      out.closeEntry();
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        String name = e.getKey();
        String target;
        if (name.startsWith(BOOTSTRAP) && name.endsWith(".class")) {
          target = name;
          visible++;
        } else if (name.startsWith("META-INF/LICENSE") || name.startsWith("META-INF/NOTICE")) {
          target = name;
        } else if (name.endsWith(".class")) {
          target = "inst/" + name.substring(0, name.length() - ".class".length()) + ".classdata";
          hidden++;
        } else {
          target = "inst/" + name;
        }
        JarEntry entry = new JarEntry(target);
        entry.setLastModifiedTime(FIXED_TIME);
        out.putNextEntry(entry);
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    System.out.printf(
        "[lantern-packager] %s: %d bootstrap classes visible, %d classes hidden under inst/, %d KB%n",
        output.getFileName(), visible, hidden, Files.size(output) / 1024);
  }

  /** Whether the entry's first two path segments (e.g. io/opentelemetry/) were relocated. */
  private static boolean isRelocatedPackage(java.util.Set<String> names, String path) {
    int first = path.indexOf('/');
    int second = first < 0 ? -1 : path.indexOf('/', first + 1);
    if (second < 0) {
      return false;
    }
    String prefix = SHADED + path.substring(0, second + 1);
    for (String name : names) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] read(InputStream in) throws IOException {
    try (InputStream input = in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      input.transferTo(out);
      return out.toByteArray();
    }
  }
}
