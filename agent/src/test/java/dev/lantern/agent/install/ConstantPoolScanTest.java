package dev.lantern.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantPoolScanTest {

  /** Mentions java.sql (in a descriptor, at the start and inside) and declares executeBatchNow. */
  static final class Sample {
    java.sql.Connection executeBatchNow(java.util.List<java.sql.Statement> statements) {
      return null;
    }
  }

  private static byte[] classFile(Class<?> type) {
    try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void substringsSharingAFirstByteAreToldApart() {
    ConstantPoolScan scan =
        ConstantPoolScan.of(List.of(), List.of("javax/servlet/", "java/sql/", "java/util/List", "jakarta/"));
    assertEquals(ConstantPoolScan.bit(1) | ConstantPoolScan.bit(2), scan.substrings(classFile(Sample.class)));
  }

  @Test
  void exactConstantsMatchWholeConstantsOnly() {
    // same length as executeBatchNow but different; a prefix of it; the name itself
    ConstantPoolScan scan =
        ConstantPoolScan.of(List.of("executeBatchNox", "executeBatch", "executeBatchNow"), List.of());
    assertEquals(ConstantPoolScan.bit(2), scan.constants(classFile(Sample.class)));
  }

  @Test
  void aSubstringAtTheVeryEndOfAConstantIsFound() {
    // "BatchNow" ends the method name's constant; "NowX" would run past it
    ConstantPoolScan scan = ConstantPoolScan.of(List.of(), List.of("NowX", "BatchNow"));
    assertEquals(ConstantPoolScan.bit(1), scan.substrings(classFile(Sample.class)));
  }

  @Test
  void anEmptySubstringIsInEveryClassFile() {
    ConstantPoolScan scan = ConstantPoolScan.of(List.of(), List.of("", "no/such/package/"));
    assertEquals(ConstantPoolScan.bit(0), scan.substrings(classFile(Sample.class)));
  }

  @Test
  void substringsAndExactConstantsAreAskedSeparately() {
    // the rules ask for exact constants only when a substring they need was found
    ConstantPoolScan scan = ConstantPoolScan.of(List.of("executeBatchNow", "noSuchMethod"), List.of("java/sql/"));
    byte[] classFile = classFile(Sample.class);
    assertEquals(ConstantPoolScan.bit(2), scan.substrings(classFile));
    assertEquals(ConstantPoolScan.bit(0), scan.constants(classFile));
  }

  @Test
  void bytesThatAreNotAClassFileHoldEveryNeedle() {
    ConstantPoolScan scan = ConstantPoolScan.of(List.of("executeBatchNow"), List.of("java/sql/"));
    byte[] notAClass = "java/sql/ but no magic number".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals(-1L, scan.substrings(notAClass));
    assertEquals(-1L, scan.constants(notAClass));
    assertEquals(-1L, scan.substrings(new byte[3]));
  }
}
