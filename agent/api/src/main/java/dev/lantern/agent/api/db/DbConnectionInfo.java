package dev.lantern.agent.api.db;

/**
 * Where a database call goes: {@code db.system.name}, {@code db.namespace}, {@code
 * server.address} and {@code server.port}. Immutable; instrumentations compute it once per
 * connection and reuse it for every call.
 */
public final class DbConnectionInfo {

  /** The semantic conventions' value for a SQL database the instrumentation does not recognise. */
  public static final String OTHER_SQL = "other_sql";

  public static final DbConnectionInfo UNKNOWN_SQL = new DbConnectionInfo(OTHER_SQL, null, null, -1);

  private final String systemName;
  private final String namespace;
  private final String serverAddress;
  private final int serverPort;

  private DbConnectionInfo(String systemName, String namespace, String serverAddress, int serverPort) {
    this.systemName = systemName == null ? OTHER_SQL : systemName;
    this.namespace = emptyToNull(namespace);
    this.serverAddress = emptyToNull(serverAddress);
    this.serverPort = serverPort > 0 && serverPort <= 65535 ? serverPort : -1;
  }

  /** Nulls and empty strings mean unknown; a port outside 1..65535 means unknown. */
  public static DbConnectionInfo of(
      String systemName, String namespace, String serverAddress, int serverPort) {
    return new DbConnectionInfo(systemName, namespace, serverAddress, serverPort);
  }

  private volatile String dependencyName;

  /** How dependency health names this database: {@code system://host:port/namespace}, built once. */
  public String dependencyName() {
    String name = dependencyName;
    if (name == null) {
      StringBuilder b = new StringBuilder(systemName).append("://");
      b.append(serverAddress == null ? "embedded" : serverAddress);
      if (serverPort > 0) {
        b.append(':').append(serverPort);
      }
      if (namespace != null) {
        b.append('/').append(namespace);
      }
      name = b.toString();
      dependencyName = name;
    }
    return name;
  }

  public String systemName() {
    return systemName;
  }

  public String namespace() {
    return namespace;
  }

  public String serverAddress() {
    return serverAddress;
  }

  /** The port, or -1 when unknown. */
  public int serverPort() {
    return serverPort;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DbConnectionInfo)) {
      return false;
    }
    DbConnectionInfo other = (DbConnectionInfo) o;
    return serverPort == other.serverPort
        && systemName.equals(other.systemName)
        && java.util.Objects.equals(namespace, other.namespace)
        && java.util.Objects.equals(serverAddress, other.serverAddress);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(systemName, namespace, serverAddress, serverPort);
  }

  @Override
  public String toString() {
    return systemName + "|" + namespace + "|" + serverAddress + ":" + serverPort;
  }
}
