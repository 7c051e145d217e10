package dev.lantern.testing.llm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text of a request, taken out of whichever wire format carried it, and the deterministic answer to it.
 *
 * <p>Rules (see {@link LlmServer} for the summary):
 *
 * <ul>
 *   <li>input tokens = whitespace-separated words in every text part of every message, system/instructions included;
 *   <li>the reply is {@code "Echo: " + <last user message, whitespace collapsed>} ({@code "Echo:"} if it is empty),
 *       so output tokens = 1 + words in the last user message;
 *   <li>when a system, developer or user message asks to classify (contains "classify", "classification", ...) the
 *       reply is exactly one label from {@link LlmServer#LABELS}, so output tokens = 1.
 * </ul>
 */
final class Dialogue {
  /** One message: role ({@code system}, {@code developer}, {@code user}, {@code assistant}, {@code tool}) and text. */
  record Turn(String role, String text) {}

  private static final Pattern CLASSIFY = Pattern.compile("\\bclassif(y|ies|ied|ying|ication|ier)\\b",
      Pattern.CASE_INSENSITIVE);

  private final List<Turn> turns;

  Dialogue(List<Turn> turns) {
    this.turns = Collections.unmodifiableList(new ArrayList<>(turns));
  }

  List<Turn> turns() {
    return turns;
  }

  int inputWords() {
    int n = 0;
    for (Turn t : turns) {
      n += words(t.text());
    }
    return n;
  }

  String lastUserText() {
    for (int i = turns.size() - 1; i >= 0; i--) {
      if ("user".equals(turns.get(i).role())) {
        return turns.get(i).text();
      }
    }
    return "";
  }

  boolean asksToClassify() {
    for (Turn t : turns) {
      String role = t.role();
      if (("system".equals(role) || "developer".equals(role) || "user".equals(role))
          && CLASSIFY.matcher(t.text()).find()) {
        return true;
      }
    }
    return false;
  }

  /** The full (untruncated) reply text. */
  String reply() {
    if (asksToClassify()) {
      return classify(payloadToClassify(lastUserText()));
    }
    return echo(lastUserText());
  }

  // ---------------------------------------------------------------- shared rules

  static int words(String text) {
    if (text == null) {
      return 0;
    }
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  static String echo(String lastUser) {
    String collapsed = lastUser == null ? "" : String.join(" ", splitWords(lastUser));
    return collapsed.isEmpty() ? "Echo:" : "Echo: " + collapsed;
  }

  static List<String> splitWords(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return List.of();
    }
    return List.of(t.split("\\s+"));
  }

  /** The first {@code max} words of a text, joined with single spaces. */
  static String firstWords(String text, int max) {
    List<String> w = splitWords(text);
    return String.join(" ", w.subList(0, Math.min(max, w.size())));
  }

  /**
   * The part of the last user message that is to be classified: if the message itself carries the instruction
   * (mentions "classify"), the text after its first line break, or failing that after the first ':' that follows the
   * instruction; otherwise the whole message.
   */
  static String payloadToClassify(String lastUser) {
    var m = CLASSIFY.matcher(lastUser);
    if (!m.find()) {
      return lastUser;
    }
    int nl = lastUser.indexOf('\n');
    if (nl >= 0) {
      return lastUser.substring(nl + 1);
    }
    int colon = lastUser.indexOf(':', m.end());
    if (colon >= 0) {
      return lastUser.substring(colon + 1);
    }
    return lastUser;
  }

  private static final Map<String, Set<String>> KEYWORDS = new HashMap<>();

  static {
    KEYWORDS.put("outage", Set.of("outage", "outages", "down", "downtime", "unavailable", "unreachable",
        "incident", "incidents", "500", "502", "503", "504", "timeout", "timeouts", "degraded", "crash",
        "crashed", "crashing", "disruption", "offline", "unresponsive", "errors"));
    KEYWORDS.put("billing", Set.of("billing", "bill", "billed", "invoice", "invoices", "payment", "payments",
        "charge", "charged", "charges", "refund", "refunds", "refunded", "subscription", "subscriptions",
        "pricing", "price", "card", "paid", "pay", "receipt", "overcharged", "dispute", "chargeback"));
    KEYWORDS.put("feature_request", Set.of("feature", "features", "enhancement", "enhancements", "suggestion",
        "suggest", "wish", "roadmap", "idea", "ideas", "request", "requested", "requesting", "add", "support",
        "would", "could", "ability"));
  }

  /** Tie order: outage, billing, feature_request. */
  private static final List<String> PRIORITY = List.of("outage", "billing", "feature_request");

  /**
   * Picks one of {@code billing, outage, feature_request, other} by counting keyword hits (words made of letters and
   * digits, case-insensitive); the label with most hits wins, ties go to outage, then billing, then feature_request; no
   * hit gives {@code other}. A list naming all four labels (as in an instruction) is not counted.
   */
  static String classify(String text) {
    List<String> tokens = new ArrayList<>(List.of(
        text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")));
    tokens.removeIf(String::isEmpty);
    if (tokens.containsAll(List.of("billing", "outage", "feature", "request", "other"))) {
      for (String label : List.of("billing", "outage", "feature", "request", "other")) {
        tokens.remove(label);
      }
    }
    String best = "other";
    int bestHits = 0;
    for (String label : PRIORITY) {
      int hits = 0;
      for (String t : tokens) {
        if (KEYWORDS.get(label).contains(t)) {
          hits++;
        }
      }
      if (hits > bestHits) {
        best = label;
        bestHits = hits;
      }
    }
    return best;
  }
}
