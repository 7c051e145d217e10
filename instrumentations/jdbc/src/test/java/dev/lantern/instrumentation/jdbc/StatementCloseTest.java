package dev.lantern.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.matcher.ElementMatcher;
import dev.lantern.agent.api.matcher.MethodInfo;
import dev.lantern.agent.api.matcher.NamedElement;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A closed statement is forgotten by the instrumentation at once, not when a collection clears it. */
class StatementCloseTest {

  @Test
  void closingAStatementForgetsItsQueryAndItsPendingBatch() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:close_test")) {
      PreparedStatement statement = c.prepareStatement("SELECT 1");
      PreparedQueries.remember(statement, "SELECT 1");
      Batches.addPrepared(statement);
      assertNotNull(PreparedQueries.get(statement));

      statement.close();
      StatementInstrumentation.CloseAdvice.onExit(statement); // what the woven close() calls on return

      assertNull(PreparedQueries.get(statement));
      assertNull(Batches.take(statement));
    }
  }

  @Test
  void theCloseAdviceIsAppliedToTheDriversPublicNoArgumentClose() throws Exception {
    List<String> advised = new ArrayList<>();
    Method close = Class.forName("org.h2.jdbc.JdbcStatement").getMethod("close");
    new StatementInstrumentation()
        .transform(
            (methods, advice) -> {
              if (methods.matches(info(close))) {
                advised.add(advice);
              }
            });
    assertEquals(List.of(StatementInstrumentation.class.getName() + "$CloseAdvice"), advised);
    ElementMatcher<MethodInfo> close0 = StatementInstrumentation.CLOSE;
    assertTrue(close0.matches(info(close)));
    assertFalse(close0.matches(info(PreparedStatement.class.getMethod("close"))), "abstract: the interface's");
    assertFalse(close0.matches(info(Class.forName("org.h2.jdbc.JdbcStatement").getMethod("closeOnCompletion"))));
  }

  /** A reflected method as the matchers see one. */
  private static MethodInfo info(Method m) {
    return new MethodInfo() {
      @Override
      public String name() {
        return m.getName();
      }

      @Override
      public int modifiers() {
        return m.getModifiers() | (m.isBridge() ? 0x40 : 0);
      }

      @Override
      public String descriptor() {
        StringBuilder d = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
          d.append(typeDescriptor(p));
        }
        return d.append(')').append(typeDescriptor(m.getReturnType())).toString();
      }

      @Override
      public List<NamedElement> parameterTypes() {
        List<NamedElement> names = new ArrayList<>();
        for (Class<?> p : m.getParameterTypes()) {
          names.add(p::getName);
        }
        return names;
      }

      @Override
      public NamedElement returnType() {
        return m.getReturnType()::getName;
      }
    };
  }

  private static String typeDescriptor(Class<?> type) {
    if (type.isArray()) {
      return type.getName().replace('.', '/');
    }
    if (!type.isPrimitive()) {
      return "L" + type.getName().replace('.', '/') + ";";
    }
    return type == void.class ? "V" : type == boolean.class ? "Z" : type == long.class ? "J"
        : String.valueOf(Character.toUpperCase(type.getName().charAt(0)));
  }
}
