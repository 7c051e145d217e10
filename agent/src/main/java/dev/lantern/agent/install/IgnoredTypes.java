package dev.lantern.agent.install;

/**
 * Types no instrumentation ever looks at, decided from the class name alone before
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

  /** The JDK, the agent's own packages and ByteBuddy (another agent's). */
  private static final String[] IGNORED_PREFIXES = {
    "dev/lantern/agent/", "dev/lantern/bootstrap/", "dev/lantern/instrumentation/",
    "dev/lantern/shaded/", "net/bytebuddy/", "java/", "jdk/", "sun/", "com/sun/", "org/graalvm/",
  };

  private static final String[] GENERATED_MARKERS = {
    "$$Lambda", "/0x", "$$EnhancerBy", "$$FastClassBy", "$HibernateProxy$", "$ByteBuddy$",
  };

  private IgnoredTypes() {}

  /**
   * {@code name} is an internal name ({@code java/lang/String}) or a binary one ({@code
   * java.lang.String}): the start-up pass over loaded classes asks with {@code Class.getName()}
   * without converting each.
   */
  static boolean isIgnored(String name) {
    // the prefixes first: most classes a JVM loads are the JDK's, and they end the check here
    if (underAny(name, IGNORED_PREFIXES)) {
      return !underAny(name, JDK_INSTRUMENTED) || isGenerated(name);
    }
    return isGenerated(name);
  }

  private static boolean underAny(String name, String[] packages) {
    if (name.isEmpty()) {
      return false;
    }
    char first = name.charAt(0);
    for (String prefix : packages) {
      // the first character rules out all but one or two
      if (prefix.charAt(0) == first && startsWith(name, prefix)) {
        return true;
      }
    }
    return false;
  }

  /** A '/' in the prefix matches '/' or '.' in the name. */
  private static boolean startsWith(String name, String prefix) {
    if (name.length() < prefix.length()) {
      return false;
    }
    for (int i = 1; i < prefix.length(); i++) {
      char p = prefix.charAt(i);
      char c = name.charAt(i);
      if (c != p && (p != '/' || c != '.')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isGenerated(String name) {
    for (String marker : GENERATED_MARKERS) {
      if (name.contains(marker)) {
        return true;
      }
    }
    return false;
  }
}
