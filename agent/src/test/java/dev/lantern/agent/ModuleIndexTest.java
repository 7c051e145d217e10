package dev.lantern.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.agent.api.InstrumentationModule;
import dev.lantern.agent.config.LanternConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ModuleIndexTest {

  private static List<InstrumentationModule> shippedModules() {
    List<InstrumentationModule> modules = new ArrayList<>();
    ServiceLoader.load(InstrumentationModule.class, ModuleIndexTest.class.getClassLoader()).forEach(modules::add);
    return modules;
  }

  private static Set<String> lines(String index) {
    Set<String> lines = new TreeSet<>(List.of(index.split("\n")));
    lines.removeIf(l -> l.isEmpty() || l.startsWith("#"));
    return lines;
  }

  @Test
  void theCommittedIndexIsWhatTheModulesSay() throws IOException {
    List<InstrumentationModule> modules = shippedModules();
    assertTrue(modules.size() >= 18, "the instrumentation modules are on the test class path");
    String committed;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ModuleIndex.RESOURCE)) {
      assertNotNull(in, ModuleIndex.RESOURCE);
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String expected = ModuleIndex.render(modules);
    assertEquals(
        lines(expected),
        lines(committed),
        "agent/src/main/resources/" + ModuleIndex.RESOURCE + " is out of date; commit this:\n" + expected);
  }

  @Test
  void anIndexIsReadAsWrittenAndInTheServiceFilesOrder() throws IOException {
    List<InstrumentationModule> modules = shippedModules();
    List<ModuleIndex.Entry> read = read(ModuleIndex.render(modules));
    Set<String> serviceOrder = new LinkedHashSet<>();
    for (int i = modules.size() - 1; i >= 0; i--) {
      serviceOrder.add(modules.get(i).getClass().getName());
    }
    List<ModuleIndex.Entry> current = ModuleIndex.ifCurrent(read, serviceOrder);
    assertNotNull(current);
    assertEquals(new ArrayList<>(serviceOrder), current.stream().map(e -> e.className).collect(java.util.stream.Collectors.toList()));
    for (InstrumentationModule m : modules) {
      ModuleIndex.Entry e = current.stream().filter(x -> x.className.equals(m.getClass().getName())).findFirst().get();
      assertEquals(m.name(), e.name);
      assertEquals(m.typesToAwait(), e.typesToAwait);
      assertEquals(m.configKeys(), e.configKeys);
    }
  }

  @Test
  void aStaleIndexIsNotUsed() throws IOException {
    List<ModuleIndex.Entry> read = read(ModuleIndex.render(shippedModules()));
    Set<String> oneMore = new LinkedHashSet<>();
    read.forEach(e -> oneMore.add(e.className));
    oneMore.add("com.example.NewModule");
    assertNull(ModuleIndex.ifCurrent(read, oneMore));
    Set<String> oneLess = new LinkedHashSet<>(oneMore);
    oneLess.remove("com.example.NewModule");
    oneLess.remove(read.get(0).className);
    assertNull(ModuleIndex.ifCurrent(read, oneLess));
  }

  @Test
  void aModuleIsLoadedOnlyWhenItDecidesItselfOrIsAskedFor() throws IOException {
    LanternConfig jdbcOff = LanternConfig.of(Map.of("lantern.instrumentation.jdbc.enabled", "false"), Map.of(), w -> {});
    List<String> warnings = new ArrayList<>();
    for (ModuleIndex.Entry e : read(ModuleIndex.render(shippedModules()))) {
      boolean decides = ModuleIndex.decidesItself(classOf(e));
      boolean on = e.enabledWhenUnset(jdbcOff, getClass().getClassLoader(), warnings::add);
      if (e.name.equals("hikaricp")) {
        assertTrue(decides, "hikaricp follows the jdbc switch");
        assertFalse(on, "off with jdbc off");
      } else {
        assertFalse(decides, e.name);
        assertTrue(on, e.name);
      }
      InstrumentationModule loaded = e.module(getClass().getClassLoader(), warnings::add);
      assertEquals(e.name, loaded.name());
      assertSame(loaded, e.module(getClass().getClassLoader(), warnings::add), "loaded once");
    }
    assertEquals(List.of(), warnings);
  }

  @Test
  void aModuleThatCannotBeLoadedIsLeftOutWithOneWarning() {
    ModuleIndex.Entry missing = new ModuleIndex.Entry("com.example.Gone", "gone", true, List.of(), List.of());
    List<String> warnings = new ArrayList<>();
    assertNull(missing.module(getClass().getClassLoader(), warnings::add));
    assertNull(missing.module(getClass().getClassLoader(), warnings::add));
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("com.example.Gone could not be loaded"), warnings.get(0));
  }

  private static Class<?> classOf(ModuleIndex.Entry e) {
    try {
      return Class.forName(e.className);
    } catch (ClassNotFoundException ex) {
      throw new AssertionError(ex);
    }
  }

  private static List<ModuleIndex.Entry> read(String index) throws IOException {
    return ModuleIndex.read(new ByteArrayInputStream(index.getBytes(StandardCharsets.UTF_8)));
  }
}
