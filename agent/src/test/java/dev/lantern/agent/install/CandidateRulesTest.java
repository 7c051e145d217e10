package dev.lantern.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CandidateRulesTest {

  private static byte[] classFile(Class<?> type) {
    try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String internal(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  /** A class whose methods mention java.sql types only in their descriptors. */
  static final class UsesSql {
    java.sql.ResultSet query(java.sql.Connection c) {
      return null;
    }
  }

  /** A class that mentions no java.sql type and declares no method called "query". */
  static final class NoSql {
    String name() {
      return "plain querying";
    }
  }

  abstract static class SqlWrapper implements java.sql.Wrapper {}

  abstract static class SubclassOfSqlWrapper extends SqlWrapper {}

  interface OwnConnection extends java.sql.Connection {}

  abstract static class ImplementsOwnConnection implements OwnConnection {}

  private static CandidateRules<String> rules() {
    return CandidateRules.<String>builder()
        .add("sql", null, null, List.of("java/sql/"))
        .add("declares-query", null, Set.of("query"), null)
        .add("named-nosql", Set.of(NoSql.class.getName()), null, null)
        .add("named-two", Set.of(NoSql.class.getName(), UsesSql.class.getName()), Set.of("ignored"), null)
        .build();
  }

  @Test
  void rulesWithNamesAreFoundByNameAlone() {
    CandidateRules<String> rules = rules();
    assertEquals(List.of("named-nosql", "named-two"), rules.forClassFile(internal(NoSql.class), classFile(NoSql.class)));
    assertEquals(List.of(), rules.forClassFile("some/Other", classFile(NoSql.class)),
        "the same bytes under another name: no named rule, and nothing in the constant pool");
  }

  @Test
  void theConstantPoolScanFindsSubstringsAndExactConstants() {
    CandidateRules<String> rules = rules();
    assertEquals(
        List.of("sql", "declares-query", "named-two"), rules.forClassFile(internal(UsesSql.class), classFile(UsesSql.class)),
        "java/sql/ inside descriptors, the method name as a whole constant, and the name; in the order added");
    // "plain querying" holds "query" only as part of a longer constant: not an exact match
    assertEquals(List.of(), rules.forClassFile("x/NoSql", classFile(NoSql.class)));
  }

  @Test
  void aClassFileTheScanCannotWalkLetsEveryScannedRuleThrough() {
    byte[] truncated = Arrays.copyOf(classFile(UsesSql.class), 40);
    byte[] notAClassFile = "not a class file at all".getBytes();
    assertEquals(List.of("sql", "declares-query"), rules().forClassFile("x/Y", truncated));
    assertEquals(List.of("sql", "declares-query"), rules().forClassFile("x/Y", notAClassFile));
  }

  @Test
  void aRuleWithAConstantAndAStringNeedsBoth() {
    CandidateRules<String> rules =
        CandidateRules.<String>builder().add("both", null, Set.of("name"), List.of("java/sql/")).build();
    assertEquals(List.of(), rules.forClassFile("x/NoSql", classFile(NoSql.class)), "declares name() but never mentions java.sql");
    assertEquals(List.of(), rules.forClassFile("x/UsesSql", classFile(UsesSql.class)), "mentions java.sql but declares no name()");
    assertEquals(List.of("both"), rules.forLoaded(SqlWrapper.class, () -> {
      throw new AssertionError("a loaded class is judged by its supertypes' names; its class file is not read");
    }));
  }

  @Test
  void eachRulesConstantsAreLookedForOnlyWithItsOwnSubstring() {
    CandidateRules<String> rules =
        CandidateRules.<String>builder()
            .add("sql-query", null, Set.of("query"), List.of("java/sql/"))
            .add("servlet-name", null, Set.of("name"), List.of("javax/servlet/"))
            .build();
    assertEquals(List.of("sql-query"), rules.forClassFile("x/UsesSql", classFile(UsesSql.class)));
    assertEquals(List.of(), rules.forClassFile("x/NoSql", classFile(NoSql.class)),
        "declares name() but mentions no javax.servlet type");
  }

  abstract static class SerializableSqlWrapper extends SubclassOfSqlWrapper implements java.io.Serializable {}

  @Test
  void aLoadedClassIsMatchedAgainstEverySubstringItsHierarchyHolds() {
    CandidateRules<String> rules =
        CandidateRules.<String>builder()
            .add("sql", null, null, List.of("java/sql/"))
            .add("io", null, null, List.of("java/io/"))
            .add("sql-or-nio", null, null, List.of("java/nio/", "java/sql/"))
            .add("nio", null, null, List.of("java/nio/"))
            .build();
    assertEquals(List.of("sql", "io", "sql-or-nio"), rules.forLoaded(SerializableSqlWrapper.class, () -> null),
        "java.io.Serializable on the class itself, java.sql.Wrapper two superclasses up");
    assertEquals(List.of("sql", "sql-or-nio"), rules.forLoaded(SqlWrapper.class, () -> null));
    assertEquals(List.of(), rules.forLoaded(NoSql.class, () -> null));
  }

  @Test
  void rulesWithoutAnyConditionAreAlwaysCandidates() {
    CandidateRules<String> rules = CandidateRules.<String>builder().add("any", null, null, List.of()).build();
    assertEquals(List.of("any"), rules.forClassFile("x/Y", classFile(NoSql.class)));
  }

  @Test
  void loadedClassesAreJudgedByTheirSupertypesNamesAndTheirClassFile() {
    CandidateRules<String> sql = CandidateRules.<String>builder().add("sql", null, null, List.of("java/sql/")).build();
    assertEquals(List.of("sql"), sql.forLoaded(SqlWrapper.class, () -> null));
    assertEquals(List.of("sql"), sql.forLoaded(SubclassOfSqlWrapper.class, () -> null), "through the superclass");
    assertEquals(List.of("sql"), sql.forLoaded(ImplementsOwnConnection.class, () -> null), "through a super-interface");
    assertEquals(List.of(), sql.forLoaded(NoSql.class, () -> null));
    assertEquals(List.of(), sql.forLoaded(String.class, () -> null));

    CandidateRules<String> rules = rules();
    assertEquals(List.of("declares-query", "named-two"), rules.forLoaded(UsesSql.class, () -> classFile(UsesSql.class)),
        "UsesSql's own name is not java.sql: only the constant and the name rule");
    assertEquals(List.of("named-nosql", "named-two"), rules.forLoaded(NoSql.class, () -> classFile(NoSql.class)));
    assertEquals(List.of("named-nosql", "named-two"), rules.forLoaded(NoSql.class, () -> null), "no class file: no constant");
  }

  @Test
  void manyNeedlesShareTheLastBitAndAlwaysCount() {
    CandidateRules.Builder<String> builder = CandidateRules.builder();
    for (int i = 0; i < ConstantPoolScan.MAX_NEEDLES + 5; i++) {
      builder.add("rule-" + i, null, Set.of("constant-" + i), null);
    }
    List<String> candidates = builder.build().forClassFile("x/Y", classFile(NoSql.class));
    assertEquals(6, candidates.size(), "the rules of needles 63 and after: " + candidates);
    assertTrue(candidates.contains("rule-" + (ConstantPoolScan.MAX_NEEDLES + 4)));
  }
}
