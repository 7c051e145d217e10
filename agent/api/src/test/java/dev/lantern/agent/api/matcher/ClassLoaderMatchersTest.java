package dev.lantern.agent.api.matcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicInteger;
import dev.lantern.agent.api.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

class ClassLoaderMatchersTest {

  @Test
  void matchesLoadersThatSeeAllTheClassesAndAsksEachLoaderOnce() {
    AtomicInteger lookups = new AtomicInteger();
    ClassLoader counting =
        new URLClassLoader(new URL[0], getClass().getClassLoader()) {
          @Override
          public URL getResource(String name) {
            lookups.incrementAndGet();
            return super.getResource(name);
          }
        };
    ElementMatcher<ClassLoader> both =
        ClassLoaderMatchers.hasClassesNamed(
            "org.junit.jupiter.api.Test", "dev.lantern.agent.api.WeakStore");
    assertTrue(both.matches(counting));
    assertTrue(both.matches(counting));
    assertTrue(both.matches(counting));
    assertTrue(lookups.get() == 2, "one lookup per class, then cached: " + lookups.get());

    ElementMatcher<ClassLoader> missing =
        ClassLoaderMatchers.hasClassesNamed("org.junit.jupiter.api.Test", "javax.servlet.Filter");
    assertFalse(missing.matches(counting));
  }

  @Test
  void theBootstrapLoaderSeesOnlyJdkClasses() {
    assertTrue(ClassLoaderMatchers.hasClassesNamed("java.lang.String").matches(null));
    assertFalse(ClassLoaderMatchers.hasClassesNamed("org.junit.jupiter.api.Test").matches(null));
  }

  @Test
  void anOlderVersionOfTheLibraryIsNotMatched() {
    ClassLoader older = loaderWith("org/example/Client.class");
    ClassLoader supported = loaderWith("org/example/Client.class", "org/example/AddedIn2.class");
    ClassLoader without = loaderWith();
    ElementMatcher<ClassLoader> matcher =
        ClassLoaderMatchers.supportedVersion("example", "2.0+", "org.example.Client", "org.example.AddedIn2");
    assertTrue(matcher.matches(supported));
    assertFalse(matcher.matches(older));
    assertFalse(matcher.matches(older), "asked again (reported once)");
    assertFalse(matcher.matches(without));
    assertFalse(matcher.matches(null));
  }

  /** A loader that has exactly these class files (and nothing from its parent). */
  private static ClassLoader loaderWith(String... resources) {
    java.util.Set<String> present = java.util.Set.of(resources);
    return new ClassLoader(null) {
      @Override
      public URL getResource(String name) {
        try {
          return present.contains(name) ? new URL("file:/" + name) : null;
        } catch (java.net.MalformedURLException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
