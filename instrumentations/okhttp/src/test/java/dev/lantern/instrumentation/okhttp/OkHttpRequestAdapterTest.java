package dev.lantern.instrumentation.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import okhttp3.Request;
import org.junit.jupiter.api.Test;

class OkHttpRequestAdapterTest {

  @Test
  void readsTheRequest() {
    Request request = new Request.Builder().url("https://example.com/a?b=1").build();
    OkHttpRequestAdapter adapter = OkHttpRequestAdapter.INSTANCE;
    assertEquals("GET", adapter.method(request));
    assertEquals("https://example.com/a?b=1", adapter.url(request));
    assertEquals("example.com", adapter.serverAddress(request));
    assertEquals(443, adapter.serverPort(request));
  }
}
