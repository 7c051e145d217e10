package dev.lantern.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's hidden classes and resources from the {@code inst/} folder of the agent jar.
 *
 * <pre>
 *   bootstrap loader   JDK + java.lang.LanternIndyBootstrap, java.lang.LanternAdviceErrors
 *        |
 *   platform loader    java.sql, java.net.http, ...
 *        |                         \
 *   application loader(s)        AgentClassLoader   inst/**.classdata: agent core, agent API,
 *        |                                           relocated ByteBuddy/OTel/simpleclient/SLF4J
 *   InstrumentationClassLoader (one per application loader that has woven classes): defines the
 *   advice and helper classes of the instrumentations next to the library they instrument, and
 *   delegates the agent API to AgentClassLoader.
 * </pre>
 *
 * Parent-first delegation to the platform loader is safe: every third-party package inside is
 * relocated under {@code dev.lantern.shaded}, so the platform loader never has a class by those
 * names, and the application's own copies of the same libraries are never consulted.
 */
public final class AgentClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private static final String PREFIX = "inst/";
  private static final String BOOTSTRAP_PACKAGE = "dev.lantern.bootstrap.";
  private static final String CLASS_SUFFIX = ".classdata";

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain protectionDomain;

  AgentClassLoader(File jarFile) throws IOException {
    super("lantern", ClassLoader.getPlatformClassLoader());
    this.jar = new JarFile(jarFile, false);
    URL url = jarFile.toURI().toURL();
    this.jarUrl = url.toExternalForm();
    this.protectionDomain =
        new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith(BOOTSTRAP_PACKAGE)) {
      // the few visible classes of the jar (this loader, the premain class, the dispatcher
      // sources) come from the loader that loaded this one
      return Class.forName(name, false, AgentClassLoader.class.getClassLoader());
    }
    return super.loadClass(name, resolve);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classBytes(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, protectionDomain);
  }

  /** The bytes of a hidden class, or null; also used to define instrumentation helpers elsewhere. */
  public byte[] classBytes(String className) {
    JarEntry entry = jar.getJarEntry(PREFIX + className.replace('.', '/') + CLASS_SUFFIX);
    if (entry == null) {
      return null;
    }
    try (InputStream in = jar.getInputStream(entry)) {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream(entry.getSize() > 0 ? (int) entry.getSize() : 4096);
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) != -1; ) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      return null;
    }
  }

  /** The protection domain (code source: the agent jar) for classes defined from the jar. */
  public ProtectionDomain protectionDomain() {
    return protectionDomain;
  }

  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot < 0) {
      return;
    }
    String pkg = className.substring(0, dot);
    if (getDefinedPackage(pkg) == null) {
      try {
        definePackage(pkg, null, null, null, null, null, null, null);
      } catch (IllegalArgumentException alreadyDefinedConcurrently) {
        // another thread won the race; fine
      }
    }
  }

  /** A resource of the agent jar itself (no parent delegation), or null. */
  public URL findAgentResource(String name) {
    return findResource(name);
  }

  @Override
  protected URL findResource(String name) {
    JarEntry entry = jar.getJarEntry(PREFIX + name);
    if (entry == null) {
      return null;
    }
    try {
      // read straight from the open jar: a plain jar: URL would open it again through the JDK's
      // jar URL machinery, which costs the service lookups at start-up several milliseconds
      return new URL("jar", null, -1, jarUrl + "!/" + PREFIX + name, new EntryHandler(jar, entry));
    } catch (MalformedURLException e) {
      return null;
    }
  }

  /** Opens one entry of the agent jar, which this loader keeps open. */
  private static final class EntryHandler extends URLStreamHandler {
    private final JarFile jar;
    private final JarEntry entry;

    EntryHandler(JarFile jar, JarEntry entry) {
      this.jar = jar;
      this.entry = entry;
    }

    @Override
    protected URLConnection openConnection(URL url) {
      return new URLConnection(url) {
        @Override
        public void connect() {
          connected = true;
        }

        @Override
        public InputStream getInputStream() throws IOException {
          return jar.getInputStream(entry);
        }

        @Override
        public long getContentLengthLong() {
          return entry.getSize();
        }
      };
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singleton(url));
  }
}
