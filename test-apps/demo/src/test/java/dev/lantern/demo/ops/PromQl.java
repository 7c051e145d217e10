package dev.lantern.demo.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The metric and label names a PromQL expression refers to, found by tokenizing it: enough to
 * check rules and dashboards against what the agent exports, not a full parser. Grafana's
 * variables are replaced first ({@code $__rate_interval} by a duration, {@code $job} inside
 * strings stays a string).
 */
public final class PromQl {

  private static final Set<String> KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
          "offset", "atan2", "inf", "nan", "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
          "count_values", "bottomk", "topk", "quantile");
  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private final Set<String> metrics = new LinkedHashSet<>();
  private final Set<String> labels = new LinkedHashSet<>();

  private PromQl() {}

  /** Parses one expression. */
  public static PromQl of(String expression) {
    PromQl result = new PromQl();
    result.scan(tokens(grafanaVariablesReplaced(expression)));
    return result;
  }

  public Set<String> metrics() {
    return metrics;
  }

  public Set<String> labels() {
    return labels;
  }

  static String grafanaVariablesReplaced(String expression) {
    return expression.replace("$__rate_interval", "5m").replace("$__range", "1h").replace("$__interval", "1m");
  }

  private void scan(List<String> tokens) {
    int braces = 0;
    int brackets = 0;
    boolean labelList = false;
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
      switch (t) {
        case "{": braces++; continue;
        case "}": braces--; continue;
        case "[": brackets++; continue;
        case "]": brackets--; continue;
        case ")": labelList = false; continue;
        default: break;
      }
      if (!isIdentifier(t) || brackets > 0) {
        continue;
      }
      if (braces > 0 || labelList) {
        labels.add(t);
      } else if (LABEL_LIST_KEYWORDS.contains(t) && next.equals("(")) {
        labelList = true;
        i++;
      } else if (!next.equals("(") && !KEYWORDS.contains(t.toLowerCase(java.util.Locale.ROOT))) {
        metrics.add(t);
      }
    }
  }

  private static boolean isIdentifier(String token) {
    char c = token.charAt(0);
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  /** Strings, numbers and durations, identifiers, and single punctuation characters. */
  static List<String> tokens(String expression) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < expression.length()) {
      char c = expression.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '\'' || c == '`') {
        int end = i + 1;
        while (end < expression.length() && expression.charAt(end) != c) {
          end += expression.charAt(end) == '\\' && c != '`' ? 2 : 1;
        }
        tokens.add("\"string\"");
        i = end + 1;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < expression.length() && Character.isDigit(expression.charAt(i + 1)))) {
        int end = i;
        while (end < expression.length() && (Character.isLetterOrDigit(expression.charAt(end)) || expression.charAt(end) == '.')) {
          end++;
        }
        tokens.add("0");
        i = end;
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int end = i;
        while (end < expression.length()
            && (Character.isLetterOrDigit(expression.charAt(end)) || expression.charAt(end) == '_' || expression.charAt(end) == ':')) {
          end++;
        }
        tokens.add(expression.substring(i, end));
        i = end;
      } else {
        tokens.add(String.valueOf(c));
        i++;
      }
    }
    return tokens;
  }
}
