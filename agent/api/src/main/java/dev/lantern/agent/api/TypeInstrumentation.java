package dev.lantern.agent.api;

import java.util.Collection;
import java.util.Collections;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * The advice for one instrumented type (or family of types). Type matchers should be cheap:
 * names first, hierarchy checks only behind a name or class-loader pre-filter.
 */
public interface TypeInstrumentation {

  ElementMatcher<TypeInfo> typeMatcher();

  /** Registers the advice; advice classes are named by string, never by class literal. */
  void transform(TypeTransformer transformer);

  /**
   * A cheap pre-filter on the raw class file, for instrumentations that match by hierarchy: a
   * class can only match if its class file contains at least one of these strings (internal names
   * such as {@code "java/sql/"} or {@code "jakarta/servlet/"}, which its method descriptors or
   * supertypes mention). It is combined with what the type matcher itself promises: names from
   * {@code named}/{@code namedOneOf} make it unnecessary, and constants from {@code
   * declaresMethod(named(...))} must be present as well. For classes already loaded when the
   * agent becomes ready (retransformed, no bytes at hand) the strings are looked for in the names
   * of the class and of its superclasses and interfaces instead: name a package the matched types
   * extend or implement. Empty: no pre-filter; a matcher that promises nothing either then has
   * every class the application loads parsed.
   */
  default Collection<String> classFileMustContain() {
    return Collections.emptyList();
  }
}
