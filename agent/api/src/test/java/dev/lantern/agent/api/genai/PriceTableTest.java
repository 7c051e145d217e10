package dev.lantern.agent.api.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

  @Test
  void shippedTableKnowsTheCommonModelsByTheirServedNames() {
    PriceTable table = PriceTable.load(null);
    assertEquals(2.50, table.lookup("gpt-4o").inputPerMillion);
    assertEquals(10.00, table.lookup("gpt-4o-2024-08-06").outputPerMillion);
    assertEquals(0.60, table.lookup("gpt-4o-mini-2024-07-18").outputPerMillion);
    assertEquals(3.00, table.lookup("claude-sonnet-4-5-20250929").inputPerMillion);
    assertEquals(0.80, table.lookup("claude-3-5-haiku-latest").inputPerMillion);
    assertEquals(0.02, table.lookup("text-embedding-3-small").inputPerMillion);
    assertEquals(2.50, table.lookup("openai/GPT-4o").inputPerMillion);
    assertNull(table.lookup("my-local-model"));
    assertNull(table.lookup("llama3:8b"));
    assertNull(table.lookup(null));
    assertNull(table.lookup(""));
  }

  @Test
  void costIsTokensTimesPricePerMillion() {
    PriceTable.Price price = PriceTable.load(null).lookup("gpt-4o");
    assertEquals(7 * 2.50 / 1e6, price.inputCost(7), 1e-15);
    assertEquals(5 * 10.00 / 1e6, price.outputCost(5), 1e-15);
    assertEquals(25.0, price.outputCost(2_500_000), 1e-9);
  }

  @Test
  void userFileAddsAndOverridesAndBadLinesAreIgnored(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prices.properties");
    Files.write(
        file,
        ("# mine\n"
                + "gpt-4o = 1.00, 2.00\n"
                + "my-local-model=0.5,1.5\n"
                + "llama3\\:8b=0,0\n"
                + "broken = cheap\n"
                + "negative = -1,2\n")
            .getBytes(StandardCharsets.UTF_8));
    PriceTable table = PriceTable.load(file.toString());
    assertEquals(1.00, table.lookup("gpt-4o-2024-08-06").inputPerMillion);
    assertEquals(1.5, table.lookup("my-local-model").outputPerMillion);
    assertNotNull(table.lookup("llama3:8b"));
    assertNull(table.lookup("broken"));
    assertNull(table.lookup("negative"));
    assertEquals(3.00, table.lookup("claude-sonnet-4-5").inputPerMillion); // shipped entries stay
  }

  @Test
  void missingUserFileLeavesTheShippedTable(@TempDir Path dir) {
    PriceTable table = PriceTable.load(dir.resolve("nope.properties").toString());
    assertEquals(PriceTable.load(null).size(), table.size());
  }

  @Test
  void priceParsing() {
    assertNull(PriceTable.parsePrice("1"));
    assertNull(PriceTable.parsePrice("1,2,3"));
    assertNull(PriceTable.parsePrice("NaN,1"));
    assertNull(PriceTable.parsePrice("Infinity,1"));
    assertEquals(0.0, PriceTable.parsePrice("0,0").inputPerMillion);
  }
}
