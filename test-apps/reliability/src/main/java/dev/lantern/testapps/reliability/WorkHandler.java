package dev.lantern.testapps.reliability;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code /work/<id>}: one request through every instrumented library. The answer names what each
 * call returned or threw, and nothing that differs between runs, so runs with and without the
 * agent (or with a broken agent) can be compared line for line.
 */
final class WorkHandler implements HttpHandler {

  private final Backends b;

  WorkHandler(Backends backends) {
    this.b = backends;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String id = Responses.lastSegment(exchange);
    StringBuilder out = new StringBuilder("work ").append(id);
    out.append(" jdk=").append(attempt(() -> jdk("/leaf/jdk")));
    out.append(" okhttp=").append(attempt(() -> okhttpAsync("/leaf/okhttp")));
    out.append(" apache5=").append(attempt(() -> apache5("/leaf/apache5")));
    out.append(" url=").append(attempt(() -> urlConnection("/leaf/url")));
    out.append(" db=").append(attempt(() -> item(id)));
    if (b.producer != null) {
      out.append(" kafka=").append(attempt(() -> send(id)));
    }
    if (b.openai != null) {
      out.append(" llm=").append(attempt(() -> chat(id)));
    }
    Responses.text(exchange, 200, out.toString());
  }

  interface Call0 {
    String call() throws Exception;
  }

  static String attempt(Call0 call) {
    try {
      return call.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Responses.describe(e);
    } catch (Exception e) {
      return Responses.describe(e);
    }
  }

  String jdk(String path) throws Exception {
    HttpResponse<String> r =
        b.jdk.send(
            HttpRequest.newBuilder(URI.create(b.self + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + ":" + r.body();
  }

  /** OkHttp's asynchronous call: the answer comes through the application's callback. */
  String okhttpAsync(String path) throws Exception {
    CompletableFuture<String> done = new CompletableFuture<>();
    b.okhttp
        .newCall(new Request.Builder().url(b.self + path).build())
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                done.complete("callback-" + Responses.describe(e));
              }

              @Override
              public void onResponse(Call call, Response response) throws IOException {
                try (Response r = response) {
                  done.complete(r.code() + ":" + r.body().string());
                }
              }
            });
    return done.get(30, TimeUnit.SECONDS);
  }

  String apache5(String path) throws Exception {
    return b.apache5.execute(
        new HttpGet(b.self + path),
        response -> response.getCode() + ":" + EntityUtils.toString(response.getEntity()));
  }

  String urlConnection(String path) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(b.self + path).toURL().openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(30000);
    int status = c.getResponseCode();
    try (InputStream in = c.getInputStream()) {
      return status + ":" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String item(String id) throws Exception {
    try (Connection c = b.db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
      s.setInt(1, Math.floorMod(id.hashCode(), Backends.ITEMS));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : "none";
      }
    }
  }

  /** A send whose callback the request waits for. */
  private String send(String id) throws Exception {
    CompletableFuture<String> acked = new CompletableFuture<>();
    b.producer.send(
        new ProducerRecord<>(b.topic, id, "work " + id),
        (metadata, error) ->
            acked.complete(error == null ? "acked" : "callback-" + Responses.describe(error)));
    return acked.get(30, TimeUnit.SECONDS);
  }

  private String chat(String id) {
    ChatCompletion c =
        b.openai
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .maxCompletionTokens(32)
                    .addUserMessage("work " + id)
                    .build());
    return "ok:" + c.choices().get(0).message().content().orElse("").replace(' ', '_');
  }
}
