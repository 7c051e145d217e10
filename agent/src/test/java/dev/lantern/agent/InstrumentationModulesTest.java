package dev.lantern.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.api.TypeInstrumentation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstrumentationModulesTest {

  public static final class First extends InstrumentationModule {
    public First() {
      super("first");
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
      return Collections.emptyList();
    }
  }

  public static final class Second extends InstrumentationModule {
    public Second() {
      super("second");
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
      return Collections.emptyList();
    }
  }

  @Test
  void serviceFileLinesCommentsAndDuplicates() throws Exception {
    String file = "# modules\n a.B \n\nc.D # trailing comment\na.B\n   \n";
    assertEquals(
        List.of("a.B", "c.D"),
        new ArrayList<>(
            InstrumentationModules.classNames(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)))));
  }

  @Test
  void aModuleThatCannotBeLoadedIsLeftOutAndTheOthersLoad(@TempDir Path dir) throws Exception {
    Path serviceFile = dir.resolve("modules");
    Files.writeString(
        serviceFile,
        First.class.getName() + "\nno.such.Module\n" + String.class.getName() + "\n" + Second.class.getName() + "\n");
    List<String> warnings = new ArrayList<>();
    List<InstrumentationModule> modules =
        InstrumentationModules.load(serviceFile.toUri().toURL(), getClass().getClassLoader(), warnings::add);
    assertEquals(List.of("first", "second"), List.of(modules.get(0).name(), modules.get(1).name()));
    assertEquals(2, modules.size());
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("no.such.Module"), warnings.get(0));
    assertTrue(warnings.get(1).contains("java.lang.String"), warnings.get(1));
  }

  @Test
  void noServiceFileMeansNoModules() throws Exception {
    assertEquals(List.of(), InstrumentationModules.load(null, getClass().getClassLoader(), w -> {}));
  }
}
