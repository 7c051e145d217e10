package dev.lantern.agent.install;

/**
 * Types no instrumentation ever looks at, decided from the internal class name alone before
 * anything else runs: the agent's own classes, ByteBuddy, generated classes (lambdas, proxies,
 * reflection accessors) and the JDK, except the few JDK packages that are instrumented. This check
 * runs for every class the JVM loads, so it is plain string work without allocation.
 */
final class IgnoredTypes {

  /** JDK packages that instrumentations weave; everything else under java/, jdk/, sun/ is skipped. */
  private static final String[] JDK_INSTRUMENTED = {
    "com/sun/net/httpserver/",
    "sun/net/httpserver/",
    "jdk/internal/net/http/",
    "java/net/http/",
    "sun/net/www/protocol/http/",
    "sun/net/www/protocol/https/",
  };

  private static final String[] IGNORED_PREFIXES = {
    "dev/lantern/agent/", "dev/lantern/bootstrap/", "dev/lantern/instrumentation/",
    "dev/lantern/shaded/", "net/bytebuddy/", "java/", "jdk/", "sun/", "com/sun/", "org/graalvm/",
  };

  private static final String[] GENERATED_MARKERS = {
    "$$Lambda", "/0x", "$$EnhancerBy", "$$FastClassBy", "$HibernateProxy$", "$ByteBuddy$",
  };

  private IgnoredTypes() {}

  /** {@code internalName} uses slashes: {@code java/lang/String}. */
  static boolean isIgnored(String internalName) {
    // the prefixes first: most classes a JVM loads are the JDK's, and they end the check here
    for (String prefix : IGNORED_PREFIXES) {
      if (internalName.startsWith(prefix)) {
        for (String allowed : JDK_INSTRUMENTED) {
          if (internalName.startsWith(allowed)) {
            return isGenerated(internalName);
          }
        }
        return true;
      }
    }
    return isGenerated(internalName);
  }

  private static boolean isGenerated(String internalName) {
    for (String marker : GENERATED_MARKERS) {
      if (internalName.contains(marker)) {
        return true;
      }
    }
    return false;
  }
}
