package dev.lantern.instrumentation.okhttp;

import dev.lantern.agent.api.http.HttpClientRequestAdapter;
import okhttp3.Request;

final class OkHttpRequestAdapter implements HttpClientRequestAdapter<Request> {

  static final OkHttpRequestAdapter INSTANCE = new OkHttpRequestAdapter();

  @Override
  public String method(Request request) {
    return request.method();
  }

  @Override
  public String url(Request request) {
    return request.url().toString();
  }

  @Override
  public String serverAddress(Request request) {
    return request.url().host();
  }

  @Override
  public int serverPort(Request request) {
    return request.url().port();
  }
}
