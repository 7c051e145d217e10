package dev.lantern.testing;

import dev.lantern.testing.PrometheusScrape.Exemplar;
import dev.lantern.testing.PrometheusScrape.Sample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text. Strict about sample
 * lines (a malformed line fails the test: the agent's output must be scrapeable by a real
 * Prometheus), lenient about comments.
 */
final class PrometheusTextParser {
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  record Result(List<Sample> samples, Map<String, String> types, Map<String, String> helps) {}

  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, String> types = new LinkedHashMap<>();
  private final Map<String, String> helps = new LinkedHashMap<>();

  private PrometheusTextParser() {}

  static Result parse(String text) {
    PrometheusTextParser parser = new PrometheusTextParser();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      try {
        if (line.stripLeading().startsWith("#")) {
          if (!parser.comment(line)) {
            break; // # EOF
          }
        } else {
          parser.samples.add(sample(new Cursor(line)));
        }
      } catch (IllegalArgumentException e) {
        throw new AssertionError(
            "Malformed Prometheus exposition at line " + (i + 1) + ": " + e.getMessage()
                + "\n  " + line + "\n--- full text ---\n" + text);
      }
    }
    return new Result(
        List.copyOf(parser.samples),
        Collections.unmodifiableMap(parser.types),
        Collections.unmodifiableMap(parser.helps));
  }

  /** Records HELP and TYPE; returns false at "# EOF". */
  private boolean comment(String line) {
    String[] parts = line.stripLeading().substring(1).trim().split("[ \t]+", 3);
    switch (parts[0]) {
      case "EOF":
        return false;
      case "TYPE":
        if (parts.length == 3) {
          types.put(parts[1], parts[2].trim());
        }
        return true;
      case "HELP":
        if (parts.length >= 2) {
          helps.put(parts[1], parts.length == 3 ? unescapeHelp(parts[2]) : "");
        }
        return true;
      default:
        return true; // UNIT or a free comment
    }
  }

  private static Sample sample(Cursor c) {
    c.skipSpaces();
    String name = c.peek() == '{' ? null : c.token("{ \t");
    Map<String, String> labels = new LinkedHashMap<>();
    if (c.peek() == '{') {
      name = labels(c, labels, name);
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("no metric name");
    }
    c.skipSpaces();
    double value = number(c.token(" \t"));
    c.skipSpaces();
    if (!c.atEnd() && c.peek() != '#') {
      number(c.token(" \t")); // timestamp: validated, not kept
      c.skipSpaces();
    }
    Optional<Exemplar> exemplar = Optional.empty();
    if (!c.atEnd()) {
      exemplar = Optional.of(exemplar(c));
    }
    return new Sample(name, Collections.unmodifiableMap(labels), value, exemplar);
  }

  /** OpenMetrics: {@code # {trace_id="..."} 0.5 [timestamp]}. */
  private static Exemplar exemplar(Cursor c) {
    c.expect('#');
    c.skipSpaces();
    Map<String, String> labels = new LinkedHashMap<>();
    if (c.peek() != '{') {
      throw new IllegalArgumentException("exemplar without a label set");
    }
    labels(c, labels, "");
    c.skipSpaces();
    double value = number(c.token(" \t"));
    c.skipSpaces();
    if (!c.atEnd()) {
      number(c.token(" \t"));
      c.skipSpaces();
    }
    if (!c.atEnd()) {
      throw new IllegalArgumentException("unexpected text after the exemplar");
    }
    return new Exemplar(Collections.unmodifiableMap(labels), value);
  }

  /**
   * Parses {@code {a="1",b="2",}} into {@code into}. A bare quoted string inside the braces is a
   * quoted metric name (Prometheus 3 UTF-8 names) and replaces {@code name}; returns the name.
   */
  private static String labels(Cursor c, Map<String, String> into, String name) {
    c.expect('{');
    while (true) {
      c.skipSpaces();
      if (c.peek() == '}') {
        c.advance();
        return name;
      }
      String key = c.peek() == '"' ? c.quoted() : c.token("= \t,}");
      c.skipSpaces();
      if (c.peek() == '=') {
        c.advance();
        c.skipSpaces();
        if (into.put(key, c.quoted()) != null) {
          throw new IllegalArgumentException("duplicate label " + key);
        }
      } else if (name == null) {
        name = key;
      } else {
        throw new IllegalArgumentException("expected '=' after label name " + key);
      }
      c.skipSpaces();
      if (c.peek() == ',') {
        c.advance();
      } else if (c.peek() != '}') {
        throw new IllegalArgumentException("expected ',' or '}' at column " + (c.pos + 1));
      }
    }
  }

  static double number(String token) {
    switch (token) {
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        if (!NUMBER.matcher(token).matches()) {
          throw new IllegalArgumentException("not a number: '" + token + "'");
        }
        return Double.parseDouble(token);
    }
  }

  private static String unescapeHelp(String help) {
    StringBuilder out = new StringBuilder(help.length());
    for (int i = 0; i < help.length(); i++) {
      char ch = help.charAt(i);
      if (ch == '\\' && i + 1 < help.length()) {
        char next = help.charAt(++i);
        if (next == 'n') {
          out.append('\n');
        } else if (next == '\\') {
          out.append('\\');
        } else {
          out.append('\\').append(next);
        }
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  /** Position within one line. */
  private static final class Cursor {
    private final String line;
    private int pos;

    Cursor(String line) {
      this.line = line;
    }

    boolean atEnd() {
      return pos >= line.length();
    }

    char peek() {
      return atEnd() ? '\0' : line.charAt(pos);
    }

    void advance() {
      pos++;
    }

    void expect(char ch) {
      if (peek() != ch) {
        throw new IllegalArgumentException("expected '" + ch + "' at column " + (pos + 1));
      }
      pos++;
    }

    void skipSpaces() {
      while (peek() == ' ' || peek() == '\t') {
        pos++;
      }
    }

    /** Characters up to (not including) any of {@code stops} or the end; never empty. */
    String token(String stops) {
      int start = pos;
      while (!atEnd() && stops.indexOf(line.charAt(pos)) < 0) {
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException("missing token at column " + (start + 1));
      }
      return line.substring(start, pos);
    }

    /** A double-quoted string with \\, \" and \n escapes resolved. */
    String quoted() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (atEnd()) {
          throw new IllegalArgumentException("unterminated quoted string");
        }
        char ch = line.charAt(pos++);
        if (ch == '"') {
          return out.toString();
        }
        if (ch == '\\') {
          if (atEnd()) {
            throw new IllegalArgumentException("dangling backslash");
          }
          char next = line.charAt(pos++);
          switch (next) {
            case 'n':
              out.append('\n');
              break;
            case '\\':
            case '"':
              out.append(next);
              break;
            default:
              out.append('\\').append(next);
          }
        } else {
          out.append(ch);
        }
      }
    }
  }
}
