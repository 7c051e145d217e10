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
