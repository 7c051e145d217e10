package dev.lantern.agent.api;

import dev.lantern.agent.api.matcher.MethodInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * Applies advice to the methods of a matched type.
 *
 * <p>Advice classes are written with ByteBuddy's {@code net.bytebuddy.asm.Advice} annotations
 * ({@code OnMethodEnter}, {@code OnMethodExit(onThrowable = ...)}, {@code This}, {@code Argument},
 * {@code Return}, {@code Thrown}, {@code Enter}, {@code FieldValue}, and {@code AssignReturned}'s
 * {@code ToArguments}, {@code ToReturned} and {@code ToFields}); the agent's own weaver reads them from the class file and
 * weaves ASM-level calls (see {@code dev.lantern.agent.install.AdviceMethodWeaver}). Advice methods
 * are public static; they are never inlined (each call is an {@code invokedynamic} site) and
 * whatever they throw is contained, whatever {@code suppress} and {@code inline} say. Signatures use
 * only JDK types, the library's own types and {@code Object}; state passes from enter to exit as the
 * enter method's return value. An {@code AssignReturned} value of null assigns nothing. In
 * constructors the enter advice runs after the superclass constructor, and the exit advice on
 * normal return only. The advice class is named by string so that it is loaded only where the
 * library is visible.
 */
public interface TypeTransformer {

  void applyAdviceToMethod(
      ElementMatcher<? super MethodInfo> methodMatcher, String adviceClassName);
}
