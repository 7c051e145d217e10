package dev.lantern.agent.install;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassFileStringsTest {

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  /** A class whose methods mention java.sql types only in their descriptors. */
  static final class UsesSql {
    java.sql.ResultSet query(java.sql.Connection c) {
      return null;
    }
  }

  /** A class that mentions no java.sql type (this test class itself holds the needle as a constant). */
  static final class NoSql {
    String name() {
      return "plain";
    }
  }

  abstract static class SqlWrapper implements java.sql.Wrapper {}

  abstract static class SubclassOfSqlWrapper extends SqlWrapper {}

  interface OwnConnection extends java.sql.Connection {}

  abstract static class ImplementsOwnConnection implements OwnConnection {}

  @Test
  void loadedClassesAreJudgedByTheirSupertypesNames() {
    ClassFileStrings sql = ClassFileStrings.of(List.of("java/sql/"));
    assertTrue(sql.mayMatchLoaded(SqlWrapper.class));
    assertTrue(sql.mayMatchLoaded(SubclassOfSqlWrapper.class), "through the superclass");
    assertTrue(sql.mayMatchLoaded(ImplementsOwnConnection.class), "through a super-interface");
    assertFalse(sql.mayMatchLoaded(NoSql.class));
    assertFalse(sql.mayMatchLoaded(String.class));
    assertTrue(ClassFileStrings.of(List.of()).mayMatchLoaded(String.class), "no pre-filter matches everything");
  }

  @Test
  void findsNamesInTheConstantPoolOfRealClassFiles() throws IOException {
    ClassFileStrings sql = ClassFileStrings.of(List.of("java/sql/"));
    assertTrue(sql.mayMatch(classFile(UsesSql.class)));
    assertFalse(sql.mayMatch(classFile(NoSql.class)), "NoSql never mentions java.sql");
    assertTrue(ClassFileStrings.of(List.of()).mayMatch(new byte[0]), "no pre-filter matches everything");
    assertTrue(ClassFileStrings.of(List.of("nothing-here", "ClassFileStringsTest")).mayMatch(classFile(ClassFileStringsTest.class)));
    assertFalse(ClassFileStrings.contains(new byte[] {'j', 'a'}, "java".getBytes()));
  }
}
