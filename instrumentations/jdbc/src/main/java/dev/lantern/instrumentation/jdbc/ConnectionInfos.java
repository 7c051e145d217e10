package dev.lantern.instrumentation.jdbc;

import dev.lantern.agent.api.WeakStore;
import dev.lantern.agent.api.db.DbConnectionInfo;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Statement;

/**
 * Where each connection goes, read once per physical connection from its metadata's URL.
 *
 * <p>Pools hand out a new proxy for every borrow, so a proxy is unwrapped to the driver's
 * connection and the answer cached there; unwrapping asks the proxy nothing the application would
 * notice (HikariCP marks a connection dirty on {@code getMetaData}, not on {@code unwrap}). While
 * the metadata is read, statements the driver runs for it are not traced: they are the agent's
 * doing, and tracing them would recurse.
 */
final class ConnectionInfos {

  private static final WeakStore<Connection, DbConnectionInfo> INFOS = new WeakStore<>();
  private static final ThreadLocal<Boolean> READING = new ThreadLocal<>();

  private ConnectionInfos() {}

  /** Whether this thread is reading connection metadata for the agent. */
  static boolean reading() {
    return READING.get() != null;
  }

  static DbConnectionInfo of(Statement statement) {
    Connection connection;
    try {
      connection = statement.getConnection();
    } catch (Throwable t) {
      return DbConnectionInfo.UNKNOWN_SQL;
    }
    return of(connection);
  }

  static DbConnectionInfo of(Connection connection) {
    if (connection == null) {
      return DbConnectionInfo.UNKNOWN_SQL;
    }
    DbConnectionInfo info = INFOS.get(connection);
    if (info != null) {
      return info;
    }
    READING.set(Boolean.TRUE);
    try {
      Connection physical = unwrap(connection);
      if (physical != null) {
        info = INFOS.get(physical);
        if (info == null) {
          info = read(physical);
          INFOS.put(physical, info);
        }
        return info; // the proxy itself is not cached: there is a new one per borrow
      }
      info = read(connection);
      INFOS.put(connection, info);
      return info;
    } finally {
      READING.remove();
    }
  }

  /** The driver's connection behind a wrapper; null when there is none or it cannot be had. */
  private static Connection unwrap(Connection connection) {
    try {
      Connection inner = connection.unwrap(Connection.class);
      return inner != null && inner != connection ? inner : null;
    } catch (Throwable t) {
      return null;
    }
  }

  private static DbConnectionInfo read(Connection connection) {
    try {
      DatabaseMetaData metaData = connection.getMetaData();
      if (metaData == null) {
        return DbConnectionInfo.UNKNOWN_SQL;
      }
      DbConnectionInfo info = JdbcUrlParser.parse(metaData.getURL());
      if (DbConnectionInfo.OTHER_SQL.equals(info.systemName())) {
        String system = JdbcUrlParser.systemFromProductName(metaData.getDatabaseProductName());
        info = DbConnectionInfo.of(system, info.namespace(), info.serverAddress(), info.serverPort());
      }
      return info;
    } catch (Throwable t) {
      return DbConnectionInfo.UNKNOWN_SQL;
    }
  }
}
