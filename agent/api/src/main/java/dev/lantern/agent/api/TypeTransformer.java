package dev.lantern.agent.api;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Applies advice to the methods of a matched type.
 *
 * <p>Advice classes are written "indy-ready": {@code @Advice.OnMethodEnter(suppress =
 * Throwable.class, inline = false)}, public static methods whose signatures use only JDK types,
 * the library's own types and {@code Object}; state passes from enter to exit as the enter
 * method's return value, and argument or return replacement goes through {@code
 * Advice.AssignReturned}. The advice class is named by string so that it is loaded only where the
 * library is visible.
 */
public interface TypeTransformer {

  void applyAdviceToMethod(
      ElementMatcher<? super MethodDescription> methodMatcher, String adviceClassName);
}
