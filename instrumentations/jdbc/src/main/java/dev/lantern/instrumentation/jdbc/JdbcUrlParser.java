package dev.lantern.instrumentation.jdbc;

import dev.lantern.agent.api.db.DbConnectionInfo;
import java.util.Locale;

/**
 * Reads {@code db.system.name}, {@code db.namespace}, {@code server.address} and {@code
 * server.port} from a JDBC URL. Only those parts are kept: user names, passwords and other
 * properties in the URL never leave this class. Never throws; what it does not understand is left
 * unknown.
 */
final class JdbcUrlParser {

  private JdbcUrlParser() {}

  static DbConnectionInfo parse(String url) {
    try {
      return parseUnchecked(url);
    } catch (RuntimeException e) {
      return DbConnectionInfo.UNKNOWN_SQL;
    }
  }

  private static DbConnectionInfo parseUnchecked(String url) {
    if (url == null) {
      return DbConnectionInfo.UNKNOWN_SQL;
    }
    String s = url.trim();
    if (!startsWithIgnoreCase(s, "jdbc:")) {
      return DbConnectionInfo.UNKNOWN_SQL;
    }
    s = s.substring(5);
    // proxies and loggers that put the real URL after their own prefix
    for (String wrapper : new String[] {"p6spy:", "log4jdbc:", "otel:", "tc:", "opentelemetry:"}) {
      if (startsWithIgnoreCase(s, wrapper)) {
        s = s.substring(wrapper.length());
      }
    }
    int colon = s.indexOf(':');
    String sub = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : s.substring(colon + 1);
    switch (sub) {
      case "postgresql":
      case "pgsql":
        return hostBased("postgresql", rest, 5432);
      case "mysql":
        return hostBased("mysql", afterScheme(rest), 3306);
      case "mariadb":
        return hostBased("mariadb", afterScheme(rest), 3306);
      case "h2":
        return h2(rest);
      case "hsqldb":
        return hsqldb(rest);
      case "derby":
        return derby(rest);
      case "oracle":
        return oracle(rest);
      case "sqlserver":
        return sqlServer(rest);
      case "jtds":
        return startsWithIgnoreCase(rest, "sqlserver:")
            ? hostBased("microsoft.sql_server", rest.substring("sqlserver:".length()), 1433)
            : hostBased(DbConnectionInfo.OTHER_SQL, afterScheme(rest), -1);
      case "db2":
        return hostBased("ibm.db2", rest, 50000);
      case "sqlite":
        return DbConnectionInfo.of("sqlite", null, null, -1);
      case "clickhouse":
      case "ch":
        return hostBased("clickhouse", afterScheme(rest), 8123);
      case "redshift":
        return hostBased("aws.redshift", rest, 5439);
      case "sap":
        return hostBased("sap.hana", rest, -1);
      case "trino":
        return hostBased("trino", rest, 8080);
      case "firebirdsql":
      case "firebird":
        return hostBased("firebirdsql", afterScheme(rest), 3050);
      case "cockroachdb":
        return hostBased("cockroachdb", rest, 26257);
      default:
        return DbConnectionInfo.UNKNOWN_SQL;
    }
  }

  /** {@code loadbalance://h}, {@code replication://h}, {@code aurora://h}: keep from {@code //}. */
  private static String afterScheme(String rest) {
    int slashes = rest.indexOf("//");
    int colon = rest.indexOf(':');
    if (slashes > 0 && colon >= 0 && colon < slashes) {
      return rest.substring(slashes);
    }
    return rest;
  }

  /**
   * {@code //[user[:password]@]host[:port][,host2...]/database[?|;props]}; without {@code //} the
   * rest is the database on the default host.
   */
  private static DbConnectionInfo hostBased(String system, String rest, int defaultPort) {
    if (!rest.startsWith("//")) {
      String db = cut(rest, "?;/");
      return DbConnectionInfo.of(system, db, null, -1);
    }
    String authorityAndPath = rest.substring(2);
    int pathStart = indexOfAny(authorityAndPath, "/?;");
    String authority = pathStart < 0 ? authorityAndPath : authorityAndPath.substring(0, pathStart);
    String db = null;
    if (pathStart >= 0 && authorityAndPath.charAt(pathStart) == '/') {
      db = cut(authorityAndPath.substring(pathStart + 1), "?;/");
    }
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1); // never keep credentials
    }
    int comma = authority.indexOf(',');
    if (comma >= 0) {
      authority = authority.substring(0, comma); // the first of several hosts
    }
    String host = authority;
    int port = defaultPort;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      host = close < 0 ? authority.substring(1) : authority.substring(1, close);
      if (close >= 0 && close + 1 < authority.length() && authority.charAt(close + 1) == ':') {
        port = port(authority.substring(close + 2), defaultPort);
      }
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon >= 0 && authority.indexOf(':') == colon) {
        host = authority.substring(0, colon);
        port = port(authority.substring(colon + 1), defaultPort);
      }
    }
    if (host.isEmpty()) {
      host = null;
    }
    return DbConnectionInfo.of(system, db, host, host == null ? -1 : port);
  }

  /** {@code mem:name}, {@code file:/path/name}, {@code ~/name}, {@code tcp://host:port/path/name}. */
  private static DbConnectionInfo h2(String rest) {
    String r = cut(rest, ";");
    String lower = r.toLowerCase(Locale.ROOT);
    if (lower.startsWith("tcp:") || lower.startsWith("ssl:")) {
      String remote = r.substring(4);
      DbConnectionInfo server = hostBased("h2database", remote, 9092);
      int slash = remote.startsWith("//") ? remote.indexOf('/', 2) : -1;
      String path = slash < 0 ? null : remote.substring(slash + 1);
      return DbConnectionInfo.of(
          "h2database", lastPathPart(path), server.serverAddress(), server.serverPort());
    }
    for (String prefix : new String[] {"mem:", "file:", "zip:", "split:", "nio:", "async:"}) {
      if (lower.startsWith(prefix)) {
        r = r.substring(prefix.length());
        lower = lower.substring(prefix.length());
      }
    }
    return DbConnectionInfo.of("h2database", lastPathPart(r), null, -1);
  }

  /** {@code mem:name}, {@code file:path}, {@code res:path}, {@code hsql://host:port/name}. */
  private static DbConnectionInfo hsqldb(String rest) {
    String r = cut(rest, ";");
    String lower = r.toLowerCase(Locale.ROOT);
    for (String scheme : new String[] {"hsql:", "hsqls:", "http:", "https:"}) {
      if (lower.startsWith(scheme)) {
        return hostBased("hsqldb", r.substring(scheme.length()), 9001);
      }
    }
    for (String prefix : new String[] {"mem:", "file:", "res:"}) {
      if (lower.startsWith(prefix)) {
        r = r.substring(prefix.length());
      }
    }
    return DbConnectionInfo.of("hsqldb", lastPathPart(r), null, -1);
  }

  /** {@code memory:name}, {@code //host:port/name}, {@code directory/name}. */
  private static DbConnectionInfo derby(String rest) {
    String r = cut(rest, ";");
    if (r.startsWith("//")) {
      return hostBased("derby", r, 1527);
    }
    String lower = r.toLowerCase(Locale.ROOT);
    for (String prefix : new String[] {"memory:", "directory:", "classpath:", "jar:"}) {
      if (lower.startsWith(prefix)) {
        r = r.substring(prefix.length());
      }
    }
    return DbConnectionInfo.of("derby", lastPathPart(r), null, -1);
  }

  /**
   * {@code thin:@host:port:SID}, {@code thin:@//host:port/service}, {@code thin:@host:port/service},
   * {@code thin:@(DESCRIPTION=(ADDRESS=(HOST=h)(PORT=p))(CONNECT_DATA=(SERVICE_NAME=s)))}, {@code
   * thin:@alias}; {@code thin:user/password@...} credentials are skipped.
   */
  private static DbConnectionInfo oracle(String rest) {
    int at = rest.indexOf('@');
    if (at < 0) {
      return DbConnectionInfo.of("oracle.db", null, null, -1);
    }
    String target = rest.substring(at + 1).trim();
    if (target.startsWith("(")) {
      String upper = target.toUpperCase(Locale.ROOT);
      String host = descriptorValue(target, upper, "HOST");
      String service = descriptorValue(target, upper, "SERVICE_NAME");
      if (service == null) {
        service = descriptorValue(target, upper, "SID");
      }
      return DbConnectionInfo.of("oracle.db", service, host, port(descriptorValue(target, upper, "PORT"), 1521));
    }
    if (target.startsWith("//")) {
      target = target.substring(2);
    }
    target = cut(target, "?");
    int slash = target.indexOf('/');
    String service = null;
    if (slash >= 0) {
      service = cut(target.substring(slash + 1), ":/");
      target = target.substring(0, slash);
    }
    String[] parts = target.split(":");
    if (parts.length == 1 && service == null) {
      return DbConnectionInfo.of("oracle.db", parts[0], null, -1); // a TNS alias
    }
    int port = parts.length > 1 ? port(parts[1], 1521) : 1521;
    if (service == null && parts.length > 2) {
      service = parts[2];
    }
    return DbConnectionInfo.of("oracle.db", service, parts[0], port);
  }

  private static String descriptorValue(String original, String upper, String key) {
    int i = upper.indexOf("(" + key);
    while (i >= 0) {
      int eq = i + 1 + key.length();
      while (eq < upper.length() && upper.charAt(eq) == ' ') {
        eq++;
      }
      if (eq < upper.length() && upper.charAt(eq) == '=') {
        int close = upper.indexOf(')', eq);
        if (close < 0) {
          return null;
        }
        String value = original.substring(eq + 1, close).trim();
        return value.isEmpty() ? null : value;
      }
      i = upper.indexOf("(" + key, i + 1);
    }
    return null;
  }

  /** {@code //host[\instance][:port][;databaseName=db;...]}. */
  private static DbConnectionInfo sqlServer(String rest) {
    if (!rest.startsWith("//")) {
      return DbConnectionInfo.of("microsoft.sql_server", null, null, -1);
    }
    String body = rest.substring(2);
    int semicolon = body.indexOf(';');
    String authority = semicolon < 0 ? body : body.substring(0, semicolon);
    String props = semicolon < 0 ? "" : body.substring(semicolon + 1);
    String db = null;
    for (String prop : props.split(";")) {
      int eq = prop.indexOf('=');
      if (eq > 0) {
        String key = prop.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        if (key.equals("databasename") || key.equals("database")) {
          db = prop.substring(eq + 1).trim();
        }
      }
    }
    String host = authority;
    int port = 1433;
    int colon = host.lastIndexOf(':');
    if (colon >= 0) {
      port = port(host.substring(colon + 1), 1433);
      host = host.substring(0, colon);
    }
    String instance = null;
    int backslash = host.indexOf('\\');
    if (backslash >= 0) {
      instance = host.substring(backslash + 1);
      host = host.substring(0, backslash);
    }
    String namespace = instance != null && db != null ? instance + "|" + db : db;
    return DbConnectionInfo.of("microsoft.sql_server", namespace, host.isEmpty() ? null : host, port);
  }

  private static String lastPathPart(String path) {
    if (path == null) {
      return null;
    }
    String p = path;
    while (p.endsWith("/") || p.endsWith("\\")) {
      p = p.substring(0, p.length() - 1);
    }
    int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    p = slash >= 0 ? p.substring(slash + 1) : p;
    return p.isEmpty() || p.equals("~") ? null : p;
  }

  private static int port(String text, int defaultPort) {
    if (text == null) {
      return defaultPort;
    }
    String digits = cut(text.trim(), "/?;:,)");
    if (digits.isEmpty() || digits.length() > 5) {
      return defaultPort;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (!Character.isDigit(digits.charAt(i))) {
        return defaultPort;
      }
    }
    return Integer.parseInt(digits);
  }

  /** The text up to the first of the stop characters. */
  private static String cut(String text, String stops) {
    int i = indexOfAny(text, stops);
    return i < 0 ? text : text.substring(0, i);
  }

  private static int indexOfAny(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWithIgnoreCase(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  /** From {@code DatabaseMetaData.getDatabaseProductName()}, for URLs this class does not know. */
  static String systemFromProductName(String product) {
    if (product == null) {
      return DbConnectionInfo.OTHER_SQL;
    }
    String p = product.toLowerCase(Locale.ROOT);
    String[][] known = {
      {"postgres", "postgresql"}, {"mariadb", "mariadb"}, {"mysql", "mysql"}, {"h2", "h2database"},
      {"hsql", "hsqldb"}, {"derby", "derby"}, {"oracle", "oracle.db"},
      {"microsoft sql server", "microsoft.sql_server"}, {"db2", "ibm.db2"}, {"sqlite", "sqlite"},
      {"clickhouse", "clickhouse"}, {"redshift", "aws.redshift"}, {"hana", "sap.hana"},
      {"trino", "trino"}, {"firebird", "firebirdsql"}, {"cockroach", "cockroachdb"},
    };
    for (String[] entry : known) {
      if (p.contains(entry[0])) {
        return entry[1];
      }
    }
    return DbConnectionInfo.OTHER_SQL;
  }
}
