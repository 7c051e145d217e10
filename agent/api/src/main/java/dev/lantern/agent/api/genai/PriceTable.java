package dev.lantern.agent.api.genai;

import dev.lantern.agent.api.log.AgentLoggers;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * USD prices per million input and output tokens by model: the table shipped with the agent
 * ({@code prices.properties} next to this class), with the entries of the user's file ({@code
 * lantern.genai.prices.file}, same format) added on top. Read once.
 */
public final class PriceTable {

  private static final Logger log = AgentLoggers.get(PriceTable.class);
  private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest)$");

  /** Input and output price of one model, USD per million tokens. */
  public static final class Price {
    public final double inputPerMillion;
    public final double outputPerMillion;

    Price(double inputPerMillion, double outputPerMillion) {
      this.inputPerMillion = inputPerMillion;
      this.outputPerMillion = outputPerMillion;
    }

    public double inputCost(long tokens) {
      return tokens * inputPerMillion / 1_000_000d;
    }

    public double outputCost(long tokens) {
      return tokens * outputPerMillion / 1_000_000d;
    }
  }

  private static volatile PriceTable instance;

  private final Map<String, Price> prices;

  PriceTable(Map<String, Price> prices) {
    this.prices = Collections.unmodifiableMap(prices);
  }

  static PriceTable get() {
    PriceTable t = instance;
    if (t == null) {
      synchronized (PriceTable.class) {
        t = instance;
        if (t == null) {
          t = load(GenAiSettings.get().pricesFile);
          instance = t;
        }
      }
    }
    return t;
  }

  /** The shipped table plus the user's file, if any; a bad file or line is one warning. */
  static PriceTable load(String userFile) {
    Map<String, Price> prices = new HashMap<>();
    try (InputStream in = PriceTable.class.getResourceAsStream("prices.properties")) {
      if (in != null) {
        parse(read(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)), prices, "the shipped price table");
      }
    } catch (IOException | RuntimeException e) {
      log.warn("cannot read the shipped GenAI price table: {}", e.toString());
    }
    if (userFile != null) {
      try (Reader reader = Files.newBufferedReader(Paths.get(userFile), StandardCharsets.UTF_8)) {
        int before = prices.size();
        int read = parse(read(reader), prices, userFile);
        log.info(
            "GenAI prices from {}: {} models ({} new)", userFile, read, prices.size() - before);
      } catch (IOException | RuntimeException e) {
        log.warn(
            "cannot read {}={}: {}; using the shipped price table only",
            GenAiSettings.PRICES_FILE,
            userFile,
            e.toString());
      }
    }
    return new PriceTable(prices);
  }

  private static Properties read(Reader reader) throws IOException {
    Properties properties = new Properties();
    properties.load(reader);
    return properties;
  }

  private static int parse(Properties properties, Map<String, Price> into, String source) {
    int count = 0;
    for (String model : properties.stringPropertyNames()) {
      String value = properties.getProperty(model);
      Price price = parsePrice(value);
      if (price == null) {
        log.warn(
            "GenAI price of '{}' in {} is '{}'; expected '<input>,<output>' in USD per million"
                + " tokens, e.g. 2.50,10.00; line ignored",
            model,
            source,
            value);
        continue;
      }
      into.put(model.trim().toLowerCase(Locale.ROOT), price);
      count++;
    }
    return count;
  }

  static Price parsePrice(String value) {
    if (value == null) {
      return null;
    }
    String[] parts = value.split(",");
    if (parts.length != 2) {
      return null;
    }
    try {
      double input = Double.parseDouble(parts[0].trim());
      double output = Double.parseDouble(parts[1].trim());
      if (!(input >= 0) || !(output >= 0) || Double.isInfinite(input) || Double.isInfinite(output)) {
        return null;
      }
      return new Price(input, output);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The price of a model, or null when neither the name nor its undated form is in the table. */
  public Price lookup(String model) {
    if (model == null || model.isEmpty()) {
      return null;
    }
    String name = model.trim().toLowerCase(Locale.ROOT);
    Price price = prices.get(name);
    if (price != null) {
      return price;
    }
    int slash = name.lastIndexOf('/');
    if (slash >= 0 && slash < name.length() - 1) {
      name = name.substring(slash + 1);
      price = prices.get(name);
      if (price != null) {
        return price;
      }
    }
    String undated = DATE_SUFFIX.matcher(name).replaceFirst("");
    return undated.equals(name) ? null : prices.get(undated);
  }

  public int size() {
    return prices.size();
  }
}
