package dev.lantern.agent.api;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The advice for one instrumented type (or family of types). Type matchers should be cheap:
 * names first, hierarchy checks only behind a name or class-loader pre-filter.
 */
public interface TypeInstrumentation {

  ElementMatcher<TypeDescription> typeMatcher();

  /** Registers the advice; advice classes are named by string, never by class literal. */
  void transform(TypeTransformer transformer);
}
