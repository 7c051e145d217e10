package dev.lantern.agent.api.db;

import dev.lantern.agent.api.metrics.AgentMetrics;
import dev.lantern.agent.api.metrics.BoundedLabelValues;
import dev.lantern.agent.api.metrics.LabeledChildren;
import dev.lantern.agent.api.metrics.SemconvBuckets;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

/**
 * {@code db_client_operation_duration_seconds} and {@code db_client_operation_errors_total},
 * shared by every database instrumentation.
 */
final class DbClientMetrics {

  static final String DURATION = "db_client_operation_duration_seconds";
  static final String ERRORS = "db_client_operation_errors_total";

  /** Distinct table names kept as label values; further ones become {@code _overflow}. */
  static final int MAX_COLLECTIONS = 200;

  /** Label values of a collection are cut to this many code points. */
  static final int MAX_COLLECTION_LABEL = 64;

  static final String NO_SQLSTATE = "_OTHER";

  private static volatile DbClientMetrics instance;

  final LabeledChildren<Histogram.Child> duration;
  final LabeledChildren<Counter.Child> errors;
  final BoundedLabelValues collections = new BoundedLabelValues(DURATION, MAX_COLLECTIONS);

  private DbClientMetrics() {
    Histogram histogram =
        AgentMetrics.histogram(
            DURATION,
            "Duration of database client operations.",
            SemconvBuckets.DB_DURATION_SECONDS,
            "db_system_name",
            "db_operation_name",
            "db_collection_name",
            "error_type");
    duration = new LabeledChildren<>(histogram, DURATION, 4, LabeledChildren.DEFAULT_MAX_SERIES);
    Counter counter =
        AgentMetrics.counter(
            ERRORS,
            "Database client operations that failed, by the class of their SQLState (the first two"
                + " characters; _OTHER when the error carries none).",
            "db_system_name",
            "db_operation_name",
            "sqlstate_class");
    errors = new LabeledChildren<>(counter, ERRORS, 3, LabeledChildren.DEFAULT_MAX_SERIES);
  }

  static DbClientMetrics get() {
    DbClientMetrics m = instance;
    if (m == null) {
      synchronized (DbClientMetrics.class) {
        m = instance;
        if (m == null) {
          m = new DbClientMetrics();
          instance = m;
        }
      }
    }
    return m;
  }

  /** The collection as a bounded label value: label-safe characters, cut, capped in number. */
  String collectionLabel(String collection) {
    return collections.bound(labelSafe(collection));
  }

  static String labelSafe(String name) {
    if (name == null) {
      return null;
    }
    if (alreadySafe(name)) {
      return name; // the usual case (a plain table name): nothing is built per statement
    }
    StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_COLLECTION_LABEL));
    int kept = 0;
    for (int i = 0; i < name.length() && kept < MAX_COLLECTION_LABEL; ) {
      int codePoint = name.codePointAt(i);
      i += Character.charCount(codePoint);
      if (kept(codePoint)) {
        out.appendCodePoint(codePoint);
        kept++;
      }
    }
    return kept == 0 ? null : out.toString();
  }

  /** Every character would be kept and nothing cut: {@link #labelSafe} would return an equal string. */
  private static boolean alreadySafe(String name) {
    int length = name.length();
    if (length == 0 || length > MAX_COLLECTION_LABEL) {
      return false; // empty gives null; longer may still be short enough in code points, built below
    }
    for (int i = 0; i < length; i++) {
      // a surrogate is no letter on its own: a name with a supplementary character is built below
      if (!kept(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean kept(int codePoint) {
    return Character.isLetterOrDigit(codePoint) || "_.$#@-".indexOf(codePoint) >= 0;
  }

  /** {@code 23505} is class {@code 23}; anything that is not a five-character SQLState is _OTHER. */
  static String sqlStateClass(String sqlState) {
    if (sqlState == null || sqlState.length() != 5) {
      return NO_SQLSTATE;
    }
    for (int i = 0; i < 5; i++) {
      char c = sqlState.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
        return NO_SQLSTATE;
      }
    }
    return sqlState.substring(0, 2);
  }
}
