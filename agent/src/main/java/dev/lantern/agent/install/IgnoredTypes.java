package dev.lantern.agent.install;

import dev.lantern.bootstrap.AgentClassLoader;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

/**
 * Types no instrumentation ever looks at, decided from the name alone before any matcher runs:
 * the agent's own classes, ByteBuddy, generated classes (lambdas, proxies, reflection
 * accessors) and the JDK, except the few JDK packages that are instrumented. This check runs for
 * every class the JVM loads, so it is plain string work.
 */
final class IgnoredTypes implements AgentBuilder.RawMatcher {

  /** JDK packages that instrumentations weave; everything else under java., jdk., sun. is skipped. */
  private static final String[] JDK_INSTRUMENTED = {
    "com.sun.net.httpserver.",
    "sun.net.httpserver.",
    "jdk.internal.net.http.",
    "java.net.http.",
    "sun.net.www.protocol.http.",
    "sun.net.www.protocol.https.",
  };

  private static final String[] IGNORED_PREFIXES = {
    "dev.lantern.", "net.bytebuddy.", "java.", "jdk.", "sun.", "com.sun.", "org.graalvm.",
  };

  private static final String[] GENERATED_MARKERS = {
    "$$Lambda", "/0x", "$$EnhancerBy", "$$FastClassBy", "$HibernateProxy$", "$ByteBuddy$",
  };

  @Override
  public boolean matches(
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain) {
    if (loader instanceof AgentClassLoader || loader instanceof InstrumentationClassLoader) {
      return true;
    }
    return isIgnored(type.getName());
  }

  static boolean isIgnored(String name) {
    for (String marker : GENERATED_MARKERS) {
      if (name.contains(marker)) {
        return true;
      }
    }
    for (String prefix : IGNORED_PREFIXES) {
      if (name.startsWith(prefix)) {
        for (String allowed : JDK_INSTRUMENTED) {
          if (name.startsWith(allowed)) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }
}
