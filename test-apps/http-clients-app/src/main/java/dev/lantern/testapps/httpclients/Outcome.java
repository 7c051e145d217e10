package dev.lantern.testapps.httpclients;

import java.util.ArrayList;
import java.util.List;

/** What a client call came back with, as the app reports it: a status and body, or an error. */
record Outcome(int status, String body, Throwable error) {

  static Outcome response(int status, String body) {
    return new Outcome(status, body, null);
  }

  static Outcome failure(Throwable error) {
    return new Outcome(-1, "", error);
  }

  /** "STATUS 200\n<body>" or "ERROR <class> <cause class>...\n". */
  String render() {
    if (error == null) {
      return "STATUS " + status + "\n" + body;
    }
    List<String> chain = new ArrayList<>();
    for (Throwable t = error; t != null && chain.size() < 5; t = t.getCause()) {
      chain.add(t.getClass().getName());
    }
    return "ERROR " + String.join(" ", chain) + "\n";
  }
}
