package dev.lantern.agent.api.matcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.matcher.ElementMatcher;
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
}
