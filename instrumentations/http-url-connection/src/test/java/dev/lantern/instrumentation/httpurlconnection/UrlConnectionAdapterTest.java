package dev.lantern.instrumentation.httpurlconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.HttpURLConnection;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** Reads unopened connections only: nothing is sent. */
class UrlConnectionAdapterTest {

  private final UrlConnectionAdapter adapter = UrlConnectionAdapter.INSTANCE;

  @Test
  void readsTheConnection() throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL("http://example.com:8080/a?b=1").openConnection();
    c.setRequestMethod("DELETE");
    assertEquals("DELETE", adapter.method(c));
    assertEquals("http://example.com:8080/a?b=1", adapter.url(c));
    assertEquals("example.com", adapter.serverAddress(c));
    assertEquals(8080, adapter.serverPort(c));
  }

  @Test
  void defaultPortOfTheScheme() throws Exception {
    assertEquals(443, adapter.serverPort((HttpURLConnection) new URL("https://example.com/").openConnection()));
    assertEquals(80, adapter.serverPort((HttpURLConnection) new URL("http://example.com/").openConnection()));
  }

  /** The JDK turns a GET with a body into a POST when the body is opened. */
  @Test
  void getWithOutputIsPost() throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL("http://example.com/").openConnection();
    c.setDoOutput(true);
    assertEquals("POST", adapter.method(c));
  }
}
