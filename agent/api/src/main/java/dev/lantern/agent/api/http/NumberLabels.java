package dev.lantern.agent.api.http;

/**
 * String forms of status codes and ports for metric labels and attributes, cached so the metric
 * path does not format a number per request.
 */
public final class NumberLabels {

  private static final String[] STATUS = new String[600];
  private static final PortLabel[] PORTS = new PortLabel[1024];

  static {
    for (int i = 100; i < STATUS.length; i++) {
      STATUS[i] = Integer.toString(i).intern();
    }
  }

  private NumberLabels() {}

  /** "200", "404"…; the empty string for "no status" (a value below 100). */
  public static String status(int code) {
    if (code >= 100 && code < STATUS.length) {
      return STATUS[code];
    }
    return code < 100 ? "" : Integer.toString(code);
  }

  public static String port(int port) {
    if (port < 0) {
      return "";
    }
    int slot = port & (PORTS.length - 1);
    PortLabel cached = PORTS[slot];
    if (cached != null && cached.port == port) {
      return cached.label;
    }
    PortLabel created = new PortLabel(port);
    PORTS[slot] = created; // racy publication is safe: the holder is immutable
    return created.label;
  }

  private static final class PortLabel {
    final int port;
    final String label;

    PortLabel(int port) {
      this.port = port;
      this.label = Integer.toString(port);
    }
  }
}
