package dev.lantern.instrumentation.jdbc;

import dev.lantern.agent.api.db.DbQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What was added to one statement's batch since it last ran: the count, and for {@code
 * addBatch(String)} what the statements have in common. Only the first few distinct texts are
 * kept, so a batch of a million different statements costs a counter.
 */
final class BatchState {

  static final int MAX_DISTINCT_TEXTS = 8;

  private int count;
  private DbQuery first;
  private boolean sameOperation = true;
  private boolean sameCollection = true;
  private boolean sameSummary = true;
  private final List<String> texts = new ArrayList<>(2);
  private int textLength;
  private boolean textsComplete = true;

  synchronized void addPrepared() {
    count++;
  }

  synchronized void add(DbQuery query) {
    count++;
    if (first == null) {
      first = query;
    } else {
      sameOperation &= Objects.equals(first.operationName(), query.operationName());
      sameCollection &= Objects.equals(first.collectionName(), query.collectionName());
      sameSummary &= Objects.equals(first.summary(), query.summary());
    }
    addText(query.queryText());
  }

  synchronized int count() {
    return count;
  }

  /** The query of a batch built with {@code addBatch(String)}; null when nothing was added. */
  synchronized DbQuery query() {
    if (first == null) {
      return null;
    }
    if (sameOperation && sameCollection && sameSummary && texts.size() <= 1 && textsComplete) {
      return first;
    }
    return DbQuery.of(
        sameOperation ? first.operationName() : null,
        sameCollection ? first.collectionName() : null,
        null,
        sameSummary ? first.summary() : null,
        texts.isEmpty() ? null : String.join("; ", texts));
  }

  private void addText(String text) {
    if (text == null || !textsComplete || texts.contains(text)) {
      return;
    }
    if (texts.size() >= MAX_DISTINCT_TEXTS || textLength + 2 + text.length() > JdbcSettings.MAX_LENGTH) {
      textsComplete = false; // the text shows the first statements only
      return;
    }
    texts.add(text);
    textLength += text.length() + 2;
  }
}
