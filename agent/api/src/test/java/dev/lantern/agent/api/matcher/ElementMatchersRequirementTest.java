package dev.lantern.agent.api.matcher;

import static dev.lantern.agent.api.matcher.ElementMatchers.declaresMethod;
import static dev.lantern.agent.api.matcher.ElementMatchers.hasSuperType;
import static dev.lantern.agent.api.matcher.ElementMatchers.isInterface;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.namedOneOf;
import static dev.lantern.agent.api.matcher.ElementMatchers.not;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What matchers promise about every match, which the agent's pre-filter relies on. */
class ElementMatchersRequirementTest {

  @Test
  void namesAreRequiredByNameMatchersAndKeptThroughAnd() {
    assertEquals(Set.of("a.B"), ElementMatchers.<TypeInfo>named("a.B").requiredNames());
    assertEquals(Set.of("a.B", "a.C"), ElementMatchers.<TypeInfo>namedOneOf("a.B", "a.C").requiredNames());
    ElementMatcher<TypeInfo> narrowed = ElementMatchers.<TypeInfo>namedOneOf("a.B", "a.C").and(not(isInterface()));
    assertEquals(Set.of("a.B", "a.C"), narrowed.requiredNames());
    assertEquals(Set.of("a.C"), ElementMatchers.<TypeInfo>namedOneOf("a.B", "a.C").and(named("a.C")).requiredNames());
    assertEquals(Set.of("a.B", "x.Y"), ElementMatchers.<TypeInfo>named("a.B").or(named("x.Y")).requiredNames());
  }

  @Test
  void nothingIsRequiredWhereAnyNameCouldMatch() {
    assertNull(ElementMatchers.<TypeInfo>not(named("a.B")).requiredNames());
    assertNull(ElementMatchers.<TypeInfo>hasSuperType(named("a.B")).requiredNames(), "a subtype has another name");
    assertNull(ElementMatchers.<TypeInfo>named("a.B").or(isInterface()).requiredNames());
    assertNull(ElementMatchers.<TypeInfo>isInterface().requiredConstants());
  }

  @Test
  void aDeclaredMethodsNameIsARequiredConstant() {
    ElementMatcher<TypeInfo> servlet =
        ElementMatchers.<TypeInfo>declaresMethod(named("service").and(takesArguments(2)))
            .and(not(isInterface()))
            .and(hasSuperType(named("javax.servlet.Servlet")));
    assertNull(servlet.requiredNames());
    assertEquals(Set.of("service"), servlet.requiredConstants());
    assertNull(ElementMatchers.<TypeInfo>declaresMethod(takesArguments(2)).requiredConstants(), "no method name given");
    // either side of an "and" is a sound condition; never their intersection
    ElementMatcher<TypeInfo> both =
        ElementMatchers.<TypeInfo>declaresMethod(named("a")).and(declaresMethod(named("b")));
    assertEquals(Set.of("a"), both.requiredConstants());
    assertEquals(
        Set.of("a", "b"),
        ElementMatchers.<TypeInfo>declaresMethod(named("a")).or(declaresMethod(named("b"))).requiredConstants());
  }
}
