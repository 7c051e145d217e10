package dev.lantern.instrumentation.apachehttpclient5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.http.Message;
import org.junit.jupiter.api.Test;

class ApacheRequestAdapterTest {

  private final ApacheRequestAdapter adapter = ApacheRequestAdapter.INSTANCE;

  @Test
  void absoluteRequestUri() {
    ApacheRequest r = new ApacheRequest(null, new HttpGet("http://example.com:8080/a/b?q=1"));
    assertEquals("GET", adapter.method(r));
    assertEquals("http://example.com:8080/a/b?q=1", adapter.url(r));
    assertEquals("example.com", adapter.serverAddress(r));
    assertEquals(8080, adapter.serverPort(r));
  }

  @Test
  void defaultPortsByScheme() {
    assertEquals(443, adapter.serverPort(new ApacheRequest(null, new HttpGet("https://example.com/x"))));
    assertEquals(80, adapter.serverPort(new ApacheRequest(null, new HttpGet("http://example.com/x"))));
    assertEquals("https://example.com/x", adapter.url(new ApacheRequest(null, new HttpGet("https://example.com/x"))));
  }

  @Test
  void relativeRequestTakesTheTarget() {
    ApacheRequest r = new ApacheRequest(new HttpHost("http", "10.0.0.1", 9000), new BasicHttpRequest("POST", "/orders"));
    assertEquals("http://10.0.0.1:9000/orders", adapter.url(r));
    assertEquals("10.0.0.1", adapter.serverAddress(r));
    assertEquals(9000, adapter.serverPort(r));
  }

  @Test
  void ipv6HostsAreBracketed() {
    ApacheRequest r = new ApacheRequest(null, new SimpleHttpRequest("GET", URI.create("http://[::1]:81/x")));
    assertEquals("http://[::1]:81/x", adapter.url(r));
  }

  @Test
  void noHostAtAll() {
    ApacheRequest r = new ApacheRequest(null, new BasicHttpRequest("GET", "/x"));
    assertNull(adapter.serverAddress(r));
    assertEquals("/x", adapter.url(r));
  }

  @Test
  void asyncResultsGiveTheirStatus() {
    assertEquals(404, TracingFutureCallback.statusOf(SimpleHttpResponse.create(404)));
    assertEquals(201, TracingFutureCallback.statusOf(new Message<>(new BasicHttpResponse(201), "body")));
    assertEquals(500, TracingFutureCallback.statusOf(new BasicClassicHttpResponse(500)));
    assertEquals(-1, TracingFutureCallback.statusOf("not a response"));
    assertEquals(-1, TracingFutureCallback.statusOf(null));
  }
}
