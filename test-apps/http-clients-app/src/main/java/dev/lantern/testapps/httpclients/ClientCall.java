package dev.lantern.testapps.httpclients;

/** One client library making one request; implementations report 4xx/5xx as a status. */
interface ClientCall {

  /** {@code body} is sent when non-null; {@code timeoutMillis} bounds connect and read. */
  Outcome call(String method, String url, String body, int timeoutMillis) throws Exception;
}
