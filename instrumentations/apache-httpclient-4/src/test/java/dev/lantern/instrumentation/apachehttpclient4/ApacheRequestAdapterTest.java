package dev.lantern.instrumentation.apachehttpclient4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.http.HttpHost;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.message.BasicHttpRequest;
import org.junit.jupiter.api.Test;

class ApacheRequestAdapterTest {

  private final ApacheRequestAdapter adapter = ApacheRequestAdapter.INSTANCE;

  @Test
  void absoluteUri() {
    ApacheRequest r = new ApacheRequest(new HttpHost("example.com", 8080), new HttpGet("http://example.com:8080/a?b=1"));
    assertEquals("GET", adapter.method(r));
    assertEquals("http://example.com:8080/a?b=1", adapter.url(r));
    assertEquals("example.com", adapter.serverAddress(r));
    assertEquals(8080, adapter.serverPort(r));
  }

  @Test
  void relativeRequestTakesTheTarget() {
    ApacheRequest r = new ApacheRequest(new HttpHost("example.com", -1, "https"), new BasicHttpRequest("PUT", "/x"));
    assertEquals("https://example.com/x", adapter.url(r));
    assertEquals(443, adapter.serverPort(r));
  }
}
