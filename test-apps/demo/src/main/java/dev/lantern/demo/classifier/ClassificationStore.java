package dev.lantern.demo.classifier;

import dev.lantern.demo.common.Webhook;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import javax.sql.DataSource;

/** Writes classifications to the {@code classifications} table (created by the launcher). */
final class ClassificationStore {

  private static final String INSERT =
      "INSERT INTO classifications (id, source, excerpt, label, status, error, received_at, classified_at) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String DUPLICATE_KEY = "23505";

  private final DataSource db;

  ClassificationStore(DataSource db) {
    this.db = db;
  }

  /** Saves the result; a webhook seen again (redelivered after a rebalance) keeps its first result. */
  void save(Webhook webhook, Classification result) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      insert.setString(1, webhook.id());
      insert.setString(2, webhook.source());
      insert.setString(3, webhook.text().length() > 120 ? webhook.text().substring(0, 120) + "…" : webhook.text());
      insert.setString(4, result.label());
      insert.setString(5, result.status());
      insert.setString(6, result.error());
      insert.setTimestamp(7, new Timestamp(webhook.receivedAt()));
      insert.setTimestamp(8, new Timestamp(System.currentTimeMillis()));
      insert.executeUpdate();
    } catch (SQLException e) {
      if (!DUPLICATE_KEY.equals(e.getSQLState())) {
        throw e;
      }
    }
  }
}
