package dev.lantern.testapps.httpclients;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** OkHttp, synchronous and asynchronous, and an "SDK" whose OkHttp transport is HttpURLConnection. */
final class OkHttpCalls {

  private static final OkHttpClient CLIENT = new OkHttpClient();

  private OkHttpCalls() {}

  static final ClientCall SYNC = (method, url, body, timeoutMillis) -> {
    try (Response response = client(timeoutMillis).newCall(request(method, url, body)).execute()) {
      return Outcome.response(response.code(), response.body().string());
    }
  };

  static final ClientCall ASYNC = (method, url, body, timeoutMillis) -> {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    client(timeoutMillis).newCall(request(method, url, body)).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        outcome.complete(Outcome.failure(e));
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          outcome.complete(Outcome.response(response.code(), response.body().string()));
        }
      }
    });
    return outcome.get(30, TimeUnit.SECONDS);
  };

  /**
   * A client library built on OkHttp whose last interceptor does the exchange itself over
   * HttpURLConnection (a transport adapter): one logical request through two client libraries.
   */
  static final ClientCall OVER_URL_CONNECTION = (method, url, body, timeoutMillis) -> {
    OkHttpClient bridged =
        client(timeoutMillis).newBuilder().addInterceptor(OkHttpCalls::sendWithUrlConnection).build();
    try (Response response = bridged.newCall(request(method, url, body)).execute()) {
      return Outcome.response(response.code(), response.body().string());
    }
  };

  private static Response sendWithUrlConnection(Interceptor.Chain chain) throws IOException {
    Request request = chain.request();
    HttpURLConnection connection = (HttpURLConnection) new URL(request.url().toString()).openConnection();
    connection.setRequestMethod(request.method());
    for (String name : request.headers().names()) {
      connection.setRequestProperty(name, request.header(name));
    }
    int status = connection.getResponseCode();
    byte[] bytes;
    try (var in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      bytes = in == null ? new byte[0] : in.readAllBytes();
    }
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(status)
        .message("bridged")
        .body(ResponseBody.create(MediaType.parse("text/plain"), new String(bytes, StandardCharsets.UTF_8)))
        .build();
  }

  private static OkHttpClient client(int timeoutMillis) {
    return CLIENT.newBuilder()
        .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .build();
  }

  private static Request request(String method, String url, String body) {
    RequestBody requestBody =
        body == null ? null : RequestBody.create(MediaType.parse("text/plain"), body);
    return new Request.Builder().url(url).method(method, requestBody).build();
  }
}
